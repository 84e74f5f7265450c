package io.onramp.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.stream.RejectedRecords;
import io.onramp.stream.StreamHeaders;

/**
 * The aggregator's stream function: takes a batch of raw events as the binder delivers it (a Kafka poll, a
 * RabbitMQ consumer batch), applies them to the online store in one pipelined Redis round trip, writes what
 * they changed to the offline history in one statement, and returns one feature update per event, keyed by
 * user, which the binder sends one by one.
 *
 * <p>Nothing accepted is dropped. A record that is not an event (not JSON, or without id, type, user or
 * time) is sent to the {@value RejectedRecords#BINDING} binding with the reason in a header. While Redis or
 * Postgres is unreachable the batch is retried with backoff up to {@code onramp.aggregator.outage-retry};
 * after that the binder parks the batch in its dead-letter destination, from which it can be replayed
 * (every event is applied at most once, whenever it comes back).
 */
class FeatureAggregation implements Function<List<byte[]>, List<Message<FeatureUpdate>>> {

	private final RedisFeatureStore store;

	private final HistoryWriter history;

	private final RejectedRecords rejected;

	private final RetryTemplate retry;

	private final Counter late;

	FeatureAggregation(RedisFeatureStore store, HistoryWriter history, StreamBridge streamBridge, Duration outageRetry,
			MeterRegistry meters) {
		this.store = store;
		this.history = history;
		this.rejected = new RejectedRecords(streamBridge, meters, "onramp.aggregator.rejected.records");
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.predicate(FeatureAggregation::isOutage)
			.maxRetries(Long.MAX_VALUE)
			.timeout(outageRetry)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.build());
		this.late = Counter.builder("onramp.aggregator.late.events")
			.description("Events that arrived later than the allowed lateness and counted in lifetime features only")
			.register(meters);
	}

	@Override
	public List<Message<FeatureUpdate>> apply(List<byte[]> records) {
		List<Event> events = new ArrayList<>(records.size());
		for (byte[] record : records) {
			Event event = rejected.decode(record);
			if (event != null) {
				events.add(event);
			}
		}
		if (events.isEmpty()) {
			return List.of();
		}
		List<RedisFeatureStore.Applied> batch = applyWithRetry(events);
		List<Message<FeatureUpdate>> updates = new ArrayList<>(batch.size());
		for (RedisFeatureStore.Applied applied : batch) {
			if (applied.late()) {
				late.increment();
			}
			FeatureUpdate update = applied.update();
			updates.add(MessageBuilder.withPayload(update).setHeader(StreamHeaders.PARTITION_KEY, update.userId()).build());
		}
		return updates;
	}

	private List<RedisFeatureStore.Applied> applyWithRetry(List<Event> events) {
		try {
			return retry.execute(() -> {
				List<RedisFeatureStore.Applied> batch = store.applyAll(events);
				history.write(batch);
				return batch;
			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Applying a batch of " + events.size() + " events failed", cause);
		}
	}

	/** Whether the failure is Redis or Postgres being unreachable, which waiting can cure. */
	static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException) {
				return true;
			}
			if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
				return true;
			}
			if (cause instanceof RedisCommandExecutionException redisError && redisError.getMessage() != null
					&& redisError.getMessage().matches("^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY).*")) {
				return true;
			}
			if (cause instanceof java.sql.SQLTransientException || cause instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

}
