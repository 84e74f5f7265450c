package io.onramp.evaluator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.onramp.contracts.Event;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.evaluator.DecisionMemory.LastDecision;
import io.onramp.evaluator.DecisionMemory.UserMemory;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.CompiledRuleset.Evaluation;
import io.onramp.rules.EvaluationInput;

/**
 * Evaluates the active ruleset release on feature updates and decides whether each user's experience
 * changed.
 *
 * <p>A decision is emitted when the user has none yet, when the experience differs from the last one
 * decided, or when the update is a redelivery of the one that caused the last decision (that decision
 * may have been recorded but never sent, and must not be lost).
 */
class TriggerEvaluation {

	private final ActiveRuleset activeRuleset;

	private final DecisionMemory memory;

	private final Clock clock;

	TriggerEvaluation(ActiveRuleset activeRuleset, DecisionMemory memory, Clock clock) {
		this.activeRuleset = activeRuleset;
		this.memory = memory;
		this.clock = clock;
	}

	/** The decision on one update, if the user's experience changed (see {@link #evaluateAll}). */
	Optional<ExperienceDecision> evaluate(FeatureUpdate update) {
		return evaluateAll(List.of(update)).stream().findFirst();
	}

	/**
	 * The decisions on a batch of updates, in the batch's order: each update is evaluated as if the ones
	 * before it had been evaluated alone (a user's second update sees what the first decided and fired), with
	 * two Redis round trips for the whole batch. What the batch changed is remembered before the decisions
	 * are returned, so a batch that fails after that is decided again, and re-emitted, when it is redelivered.
	 */
	List<ExperienceDecision> evaluateAll(List<FeatureUpdate> updates) {
		// One release for the whole batch, even if a new one is published meanwhile.
		CompiledRuleset ruleset = activeRuleset.current();
		Map<String, UserMemory> memories = memory.recall(updates.stream().map(FeatureUpdate::userId).toList(),
				ruleset.hasCappedRules());
		List<ExperienceDecision> decisions = new ArrayList<>();
		for (FeatureUpdate update : updates) {
			UserMemory user = memories.get(update.userId());
			Event event = update.event();
			EvaluationInput input = EvaluationInput.of(update, user.firingsExcept(event.eventId()));
			Evaluation evaluation = ruleset.evaluate(input);

			Optional<LastDecision> last = user.last();
			boolean redelivery = last.map(previous -> previous.eventId().equals(event.eventId())).orElse(false);
			boolean changed = last.map(previous -> !previous.experience().equals(evaluation.experience())).orElse(true);
			if (changed) {
				user.decided(new LastDecision(evaluation.experience(), event.eventId()));
			}
			user.fired(evaluation.cappedRulesFired(), input.now(), input.sessionId(), event.eventId());
			if (changed || redelivery) {
				decisions.add(new ExperienceDecision(update.userId(), evaluation.experience(), evaluation.firedRules(),
						ruleset.releaseNumber(), event.eventId(), update.version(), event.occurredAt(),
						event.receivedAt(), clock.instant()));
			}
		}
		memory.remember(memories.values());
		return decisions;
	}

}
