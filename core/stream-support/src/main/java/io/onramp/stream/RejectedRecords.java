package io.onramp.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;

/**
 * Decodes the raw records an app consumes (events, feature updates, decisions), and sends each one that is
 * not what it should be (not one JSON document, or without a field it needs, such as an event's id, type,
 * user or time)
 * to the {@value #BINDING} output binding, unchanged, with the reason in the {@value #REASON_HEADER} header.
 * Nothing is dropped: a deployer binds {@value #BINDING} to a destination (by default
 * {@code onramp.events.rejected}, {@code onramp.features.rejected}, {@code onramp.decisions.rejected}) where
 * the records can be inspected and replayed.
 */
public final class RejectedRecords {

	/** The output binding for records that are not events. */
	public static final String BINDING = "rejected";

	/** The header that says why a record was rejected. */
	public static final String REASON_HEADER = "onramp_rejected_reason";

	private static final Logger log = LoggerFactory.getLogger(RejectedRecords.class);

	/**
	 * A reader per type that takes a record only when it is one JSON document: content after it (which a
	 * plain read ignores) rejects the record, so an app may pass a record on as the JSON it came as.
	 */
	private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return OnrampJson.mapper().readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		}
	};

	private final StreamBridge streamBridge;

	private final Counter rejected;

	/**
	 * @param metricName the counter of rejected records, for example {@code onramp.aggregator.rejected.records}
	 */
	public RejectedRecords(StreamBridge streamBridge, MeterRegistry meters, String metricName) {
		this.streamBridge = streamBridge;
		this.rejected = Counter.builder(metricName)
			.description("Input records that could not be decoded, sent to the rejected destination")
			.register(meters);
	}

	/** The event the record holds, or {@code null} when it holds none and was sent on as rejected. */
	public Event decode(byte[] record) {
		return decode(record, Event.class, RejectedRecords::missingField);
	}

	/** The events a batch of records holds, in order; the records that hold none are sent on as rejected. */
	public List<Event> decodeAll(List<byte[]> records) {
		return decodeAll(records, Event.class, RejectedRecords::missingField);
	}

	/**
	 * The {@code type}s a batch of records holds, in order; the records that hold none are sent on as rejected.
	 * @param missingField what is missing from a decoded value, or {@code null} when it is complete
	 */
	public <T> List<T> decodeAll(List<byte[]> records, Class<T> type, Function<T, String> missingField) {
		List<T> values = new ArrayList<>(records.size());
		for (byte[] record : records) {
			T value = decode(record, type, missingField);
			if (value != null) {
				values.add(value);
			}
		}
		return values;
	}

	/**
	 * The {@code type} the record holds, or {@code null} when it holds none and was sent on as rejected.
	 * @param missingField what is missing from a decoded value, or {@code null} when it is complete
	 */
	public <T> T decode(byte[] record, Class<T> type, Function<T, String> missingField) {
		String reason;
		try {
			T value = READERS.get(type).readValue(record);
			reason = value == null ? "empty record" : missingField.apply(value);
			if (reason == null) {
				return value;
			}
		}
		catch (RuntimeException ex) {
			reason = "not a valid " + type.getSimpleName() + ": " + ex.getMessage();
		}
		rejected.increment();
		log.warn("Rejected an input record ({}); sent to the '{}' binding", reason, BINDING);
		streamBridge.send(BINDING, MessageBuilder.withPayload(record).setHeader(REASON_HEADER, reason).build());
		return null;
	}

	private static String missingField(Event event) {
		if (event.eventId() == null || event.eventId().isBlank()) {
			return "eventId is missing";
		}
		if (event.type() == null || event.type().isBlank()) {
			return "type is missing";
		}
		if (event.partitionKey() == null || event.partitionKey().isBlank()) {
			return "userId and anonymousId are both missing";
		}
		if (event.occurredAt() == null) {
			return "occurredAt is missing";
		}
		return null;
	}

}
