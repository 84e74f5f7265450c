package io.onramp.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

	private static final JsonMessages<FeatureUpdate> JSON = new JsonMessages<>(FeatureUpdate.class);

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
		List<Event> events = rejected.decodeAll(records);
		if (events.isEmpty()) {
			return List.of();
		}
		List<RedisFeatureStore.Applied> batch = applyWithRetry(events);
		List<Message<byte[]>> updates = new ArrayList<>(batch.size());
		for (RedisFeatureStore.Applied applied : batch) {
			if (applied.late()) {
				late.increment();
			}
			FeatureUpdate update = applied.update();
			updates.add(JSON.builder(update, update.userId()).build());
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

}
