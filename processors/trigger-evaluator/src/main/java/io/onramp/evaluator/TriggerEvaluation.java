package io.onramp.evaluator;

import java.time.Clock;
import java.util.Optional;

import io.onramp.contracts.Event;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.evaluator.DecisionMemory.LastDecision;
import io.onramp.evaluator.DecisionMemory.Recalled;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.CompiledRuleset.Evaluation;
import io.onramp.rules.EvaluationInput;

/**
 * Evaluates the active ruleset release on a feature update and decides whether the user's experience
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

	Optional<ExperienceDecision> evaluate(FeatureUpdate update) {
		// One release for the whole evaluation, even if a new one is published meanwhile.
		CompiledRuleset ruleset = activeRuleset.current();
		Event event = update.event();
		Recalled recalled = memory.recall(update.userId(), event.eventId(), ruleset.hasCappedRules());
		EvaluationInput input = EvaluationInput.of(update, recalled.firings());
		Evaluation evaluation = ruleset.evaluate(input);

		Optional<LastDecision> last = recalled.last();
		boolean redelivery = last.map(previous -> previous.eventId().equals(event.eventId())).orElse(false);
		boolean changed = last.map(previous -> !previous.experience().equals(evaluation.experience())).orElse(true);
		memory.remember(update.userId(),
				changed ? Optional.of(new LastDecision(evaluation.experience(), event.eventId())) : Optional.empty(),
				evaluation.cappedRulesFired(), input.now(), input.sessionId(), event.eventId());
		if (!changed && !redelivery) {
			return Optional.empty();
		}
		return Optional.of(new ExperienceDecision(update.userId(), evaluation.experience(), evaluation.firedRules(),
				ruleset.releaseNumber(), event.eventId(), update.version(), event.occurredAt(), event.receivedAt(),
				clock.instant()));
	}

}
