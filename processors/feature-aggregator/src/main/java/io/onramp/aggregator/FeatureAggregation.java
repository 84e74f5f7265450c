package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonRawValue;

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
	 * again from its fields was a tenth of this app's samples in a profile. A field of the event this version does not know
	 * passes through to the evaluator.
	 */
	record UpdateJson(String userId, long version, Map<String, Object> features, Set<String> changed,
			@JsonRawValue String event, boolean duplicate) {

		static UpdateJson of(FeatureUpdate update, byte[] eventRecord) {
			int start = eventRecord.length >= 3 && (eventRecord[0] & 0xFF) == 0xEF && (eventRecord[1] & 0xFF) == 0xBB
					&& (eventRecord[2] & 0xFF) == 0xBF ? 3 : 0; // a UTF-8 byte order mark, which Jackson skips
			return new UpdateJson(update.userId(), update.version(), update.features(), update.changed(),
					new String(eventRecord, start, eventRecord.length - start, StandardCharsets.UTF_8), update.duplicate());
		}

	}

}
