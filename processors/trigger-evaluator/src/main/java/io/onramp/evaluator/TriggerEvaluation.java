package io.onramp.evaluator;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.onramp.contracts.Event;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.evaluator.LastDecisions.LastDecision;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.CompiledRuleset.Evaluation;
import io.onramp.rules.EvaluationInput;
import io.onramp.rules.FrequencyCap.Firing;

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

	private final LastDecisions lastDecisions;

	private final FiringHistory firingHistory;

	private final Clock clock;

	TriggerEvaluation(ActiveRuleset activeRuleset, LastDecisions lastDecisions, FiringHistory firingHistory, Clock clock) {
		this.activeRuleset = activeRuleset;
		this.lastDecisions = lastDecisions;
		this.firingHistory = firingHistory;
		this.clock = clock;
	}

	Optional<ExperienceDecision> evaluate(FeatureUpdate update) {
		// One release for the whole evaluation, even if a new one is published meanwhile.
		CompiledRuleset ruleset = activeRuleset.current();
		Event event = update.event();
		Map<String, Firing> firings = ruleset.hasCappedRules() ? firingHistory.find(update.userId(), event.eventId()) : Map.of();
		EvaluationInput input = EvaluationInput.of(update, firings);
		Evaluation evaluation = ruleset.evaluate(input);
		firingHistory.record(update.userId(), evaluation.cappedRulesFired(), input.now(), input.sessionId(), event.eventId());

		Optional<LastDecision> last = lastDecisions.find(update.userId());
		boolean redelivery = last.map(previous -> previous.eventId().equals(event.eventId())).orElse(false);
		boolean changed = last.map(previous -> !previous.experience().equals(evaluation.experience())).orElse(true);
		if (!changed && !redelivery) {
			return Optional.empty();
		}
		if (changed) {
			lastDecisions.remember(update.userId(), new LastDecision(evaluation.experience(), event.eventId()));
		}
		return Optional.of(new ExperienceDecision(update.userId(), evaluation.experience(), evaluation.firedRules(),
				ruleset.releaseNumber(), event.eventId(), update.version(), event.occurredAt(), event.receivedAt(),
				clock.instant()));
	}

}
