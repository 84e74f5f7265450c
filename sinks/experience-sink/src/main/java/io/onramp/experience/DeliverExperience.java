package io.onramp.experience;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.stream.OutageRetry;
import io.onramp.stream.RejectedRecords;

/**
 * The sink's stream consumer: takes a batch of decisions as the binder delivers it (a Kafka poll, a
 * RabbitMQ consumer batch) and stores and announces them, in order, in one Redis round trip
 * ({@link ExperienceStore#saveAll}).
 *
 * <p>Nothing is dropped. A record that is not a decision (not JSON, or without user or experience) is sent
 * to the {@value RejectedRecords#BINDING} binding with the reason in a header. While Redis is unreachable
 * the batch is retried with backoff up to {@code onramp.sink.outage-retry}; after that the binder parks the
 * batch in its dead-letter destination, from which it can be replayed.
 */
class DeliverExperience implements Consumer<List<byte[]>> {

	private final ExperienceStore store;

	private final RejectedRecords rejected;

	private final OutageRetry outageRetry;

	DeliverExperience(ExperienceStore store, StreamBridge streamBridge, Duration outageRetry, MeterRegistry meters) {
		this.store = store;
		this.rejected = new RejectedRecords(streamBridge, meters, "onramp.sink.rejected.records");
		this.outageRetry = new OutageRetry(outageRetry);
	}

	@Override
	public void accept(List<byte[]> records) {
		List<ExperienceDecision> decisions = rejected.decodeAll(records, ExperienceDecision.class,
				DeliverExperience::missingField);
		if (!decisions.isEmpty()) {
			outageRetry.run(() -> {
				store.saveAll(decisions);
				return null;
			}, "Delivering a batch of " + decisions.size() + " decisions");
		}
	}

	private static String missingField(ExperienceDecision decision) {
		if (decision.userId() == null || decision.userId().isBlank()) {
			return "userId is missing";
		}
		if (decision.experience() == null) {
			return "experience is missing";
		}
		return null;
	}

}
