package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.stream.JsonMessages;
import io.onramp.stream.OutageRetry;
import io.onramp.stream.RejectedRecords;

/**
 * The aggregator's stream function: takes a batch of raw events as the binder delivers it (a Kafka poll, a
 * RabbitMQ consumer batch), applies them to the online store in one pipelined Redis round trip, writes what
 * they changed to the offline history in one statement, and returns one feature update per event, keyed by
 * user, which the binder sends one by one.
 *
 * <p>The updates leave as JSON this function writes itself ({@link JsonMessages}); the output binding uses
 * native encoding, so the binder sends the bytes as they are. Spring Cloud Function's output conversion was a
 * fifth of the aggregator's CPU here.
 *
 * <p>Nothing accepted is dropped. A record that is not an event (not JSON, or without id, type, user or
 * time) is sent to the {@value RejectedRecords#BINDING} binding with the reason in a header. While Redis or
 * Postgres is unreachable the batch is retried with backoff up to {@code onramp.aggregator.outage-retry};
 * after that the binder parks the batch in its dead-letter destination, from which it can be replayed
 * (every event is applied at most once, whenever it comes back).
 */
class FeatureAggregation implements Function<List<byte[]>, List<Message<byte[]>>> {

	private static final JsonMessages<UpdateJson> JSON = new JsonMessages<>(UpdateJson.class);

	private final RedisFeatureStore store;

	private final HistoryWriter history;

	private final RejectedRecords rejected;

	private final OutageRetry outageRetry;

	private final Counter late;

	FeatureAggregation(RedisFeatureStore store, HistoryWriter history, StreamBridge streamBridge, Duration outageRetry,
			MeterRegistry meters) {
		this.store = store;
		this.history = history;
		this.rejected = new RejectedRecords(streamBridge, meters, "onramp.aggregator.rejected.records");
		this.outageRetry = new OutageRetry(outageRetry);
		this.late = Counter.builder("onramp.aggregator.late.events")
			.description("Events that arrived later than the allowed lateness and counted in lifetime features only")
			.register(meters);
	}

	@Override
	public List<Message<byte[]>> apply(List<byte[]> records) {
		List<Event> events = new ArrayList<>(records.size());
		List<byte[]> eventRecords = new ArrayList<>(records.size());
		for (byte[] record : records) {
			Event event = rejected.decode(record);
			if (event != null) {
				events.add(event);
				eventRecords.add(record);
			}
		}
		if (events.isEmpty()) {
			return List.of();
		}
		List<RedisFeatureStore.Applied> batch = applyWithRetry(events);
		List<Message<byte[]>> updates = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			RedisFeatureStore.Applied applied = batch.get(i);
			if (applied.late()) {
				late.increment();
			}
			FeatureUpdate update = applied.update();
			updates.add(JSON.builder(UpdateJson.of(update, eventRecords.get(i)), update.userId()).build());
		}
		return updates;
	}

	private List<RedisFeatureStore.Applied> applyWithRetry(List<Event> events) {
		return outageRetry.run(() -> {
			List<RedisFeatureStore.Applied> batch = store.applyAll(events);
			history.write(batch);
			return batch;
		}, "Applying a batch of " + events.size() + " events");
	}

	/**
	 * A {@link FeatureUpdate} as it is written, property for property, but with the event as the record it
	 * came in ({@link RejectedRecords} decodes a record only when it is one JSON document): writing the event
	 * again from its fields was a tenth of this app's samples in a profile. A field of the event this version
	 * does not know passes through to the evaluator.
	 */
	@JsonSerialize(using = UpdateJsonSerializer.class)
	record UpdateJson(FeatureUpdate update, String event) {

		static UpdateJson of(FeatureUpdate update, byte[] eventRecord) {
			int start = eventRecord.length >= 3 && (eventRecord[0] & 0xFF) == 0xEF && (eventRecord[1] & 0xFF) == 0xBB
					&& (eventRecord[2] & 0xFF) == 0xBF ? 3 : 0; // a UTF-8 byte order mark, which Jackson skips
			return new UpdateJson(update, new String(eventRecord, start, eventRecord.length - start, StandardCharsets.UTF_8));
		}

	}

	/**
	 * Writes an {@link UpdateJson} as Jackson's bean serializer writes a {@link FeatureUpdate}, with the
	 * feature names (the features' keys and the changed ones) encoded once and copied after: encoding them
	 * at every update was the larger part of writing it. The features' values go by their type: a number or
	 * a text (what the feature store holds), anything else by Jackson.
	 */
	static final class UpdateJsonSerializer extends StdSerializer<UpdateJson> {

		/** The most feature names kept encoded; a registry has a few dozen. */
		private static final int MAX_NAMES = 1_024;

		private static final SerializableString USER_ID = new SerializedString("userId");

		private static final SerializableString VERSION = new SerializedString("version");

		private static final SerializableString FEATURES = new SerializedString("features");

		private static final SerializableString CHANGED = new SerializedString("changed");

		private static final SerializableString EVENT = new SerializedString("event");

		private static final SerializableString DUPLICATE = new SerializedString("duplicate");

		private final Map<String, SerializableString> names = new ConcurrentHashMap<>();

		UpdateJsonSerializer() {
			super(UpdateJson.class);
		}

		@Override
		public void serialize(UpdateJson json, JsonGenerator out, SerializationContext context) {
			FeatureUpdate update = json.update();
			out.writeStartObject(json);
			out.writeName(USER_ID);
			out.writeString(update.userId());
			out.writeName(VERSION);
			out.writeNumber(update.version());
			out.writeName(FEATURES);
			out.writeStartObject();
			for (Map.Entry<String, Object> feature : update.features().entrySet()) {
				out.writeName(name(feature.getKey()));
				Object value = feature.getValue();
				if (value instanceof String text) {
					out.writeString(text);
				}
				else if (value instanceof Long number) {
					out.writeNumber(number.longValue());
				}
				else if (value instanceof Double number) {
					out.writeNumber(number.doubleValue());
				}
				else {
					context.writeValue(out, value);
				}
			}
			out.writeEndObject();
			out.writeName(CHANGED);
			out.writeStartArray();
			for (String changed : update.changed()) {
				out.writeString(name(changed));
			}
			out.writeEndArray();
			out.writeName(EVENT);
			out.writeRawValue(json.event());
			out.writeName(DUPLICATE);
			out.writeBoolean(update.duplicate());
			out.writeEndObject();
		}

		private SerializableString name(String text) {
			SerializableString name = names.get(text);
			if (name == null) {
				name = new SerializedString(text);
				if (names.size() < MAX_NAMES) {
					names.put(text, name);
				}
			}
			return name;
		}

	}

}
