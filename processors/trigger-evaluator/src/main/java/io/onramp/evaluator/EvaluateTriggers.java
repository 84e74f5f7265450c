package io.onramp.evaluator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.stream.JsonMessages;
import io.onramp.stream.OutageRetry;
import io.onramp.stream.RejectedRecords;

/**
 * The evaluator's stream function: takes a batch of feature updates as the binder delivers it (a Kafka
 * poll, a RabbitMQ consumer batch), evaluates them in order with two Redis round trips for the whole batch
 * ({@link TriggerEvaluation#evaluateAll}), and returns one decision per update that changed its user's
 * experience, keyed by user, which the binder sends one by one. The decisions leave as JSON this function
 * writes itself ({@link JsonMessages}); the output binding uses native encoding.
 *
 * <p>Nothing is dropped. A record that is not a feature update (not JSON, or without user or event) is sent
 * to the {@value RejectedRecords#BINDING} binding with the reason in a header. While Redis is unreachable
 * the batch is retried with backoff up to {@code onramp.evaluator.outage-retry}; after that the binder
 * parks the batch in its dead-letter destination, from which it can be replayed.
 */
class EvaluateTriggers implements Function<List<byte[]>, List<Message<byte[]>>> {

	static final JsonMessages<ExperienceDecision> JSON = new JsonMessages<>(ExperienceDecision.class);

	private final TriggerEvaluation evaluation;

	private final RejectedRecords rejected;

	private final OutageRetry outageRetry;

	EvaluateTriggers(TriggerEvaluation evaluation, StreamBridge streamBridge, Duration outageRetry, MeterRegistry meters) {
		this.evaluation = evaluation;
		this.rejected = new RejectedRecords(streamBridge, meters, "onramp.evaluator.rejected.records");
		this.outageRetry = new OutageRetry(outageRetry);
	}

	@Override
	public List<Message<byte[]>> apply(List<byte[]> records) {
		List<FeatureUpdate> updates = rejected.decodeAll(records, FeatureUpdate.class, EvaluateTriggers::missingField);
		if (updates.isEmpty()) {
			return List.of();
		}
		List<ExperienceDecision> decisions = outageRetry.run(() -> evaluation.evaluateAll(updates),
				"Evaluating a batch of " + updates.size() + " feature updates");
		List<Message<byte[]>> messages = new ArrayList<>(decisions.size());
		for (ExperienceDecision decision : decisions) {
			messages.add(JSON.builder(decision, decision.userId()).build());
		}
		return messages;
	}

	private static String missingField(FeatureUpdate update) {
		if (update.userId() == null || update.userId().isBlank()) {
			return "userId is missing";
		}
		if (update.event() == null || update.event().eventId() == null || update.event().eventId().isBlank()) {
			return "event.eventId is missing";
		}
		return null;
	}

}
