package io.onramp.evaluator;

import java.time.Clock;
import java.util.Optional;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.evaluator.LastDecisions.LastDecision;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.CompiledRuleset.Evaluation;
import io.onramp.rules.FeatureView;

/**
 * Evaluates the ruleset on a feature update and decides whether the user's experience changed.
 *
 * <p>A decision is emitted when the user has none yet, when the experience differs from the last one
 * decided, or when the update is a redelivery of the one that caused the last decision (that decision
 * may have been recorded but never sent, and must not be lost).
 */
class TriggerEvaluation {

	private final CompiledRuleset ruleset;

	private final LastDecisions lastDecisions;

	private final Clock clock;

	TriggerEvaluation(CompiledRuleset ruleset, LastDecisions lastDecisions, Clock clock) {
		this.ruleset = ruleset;
		this.lastDecisions = lastDecisions;
		this.clock = clock;
	}

	Optional<ExperienceDecision> evaluate(FeatureUpdate update) {
		Evaluation evaluation = ruleset.evaluate(FeatureView.of(update));
		Optional<LastDecision> last = lastDecisions.find(update.userId());
		boolean changed = last.map(previous -> !previous.experience().equals(evaluation.experience())
				|| previous.eventId().equals(update.eventId())).orElse(true);
		if (!changed) {
			return Optional.empty();
		}
		if (last.isEmpty() || !last.get().eventId().equals(update.eventId())) {
			lastDecisions.remember(update.userId(), new LastDecision(evaluation.experience(), update.eventId()));
		}
		return Optional.of(new ExperienceDecision(update.userId(), evaluation.experience(), evaluation.firedRules(),
				ruleset.release(), update.eventId(), update.version(), update.eventOccurredAt(),
				update.eventReceivedAt(), clock.instant()));
	}

}
