package io.onramp.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A change of a user's experience, decided by the trigger evaluator.
 *
 * @param userId the user the experience is for
 * @param experience the whole new experience (not a patch)
 * @param firedRules every rule that fired, with its version, and the slots it won
 * @param rulesetRelease the number of the ruleset release the rules came from
 * @param eventId the event that caused the decision
 * @param featureVersion the user's feature version the decision was made on
 * @param eventOccurredAt when the causing event happened (client clock)
 * @param eventReceivedAt when the capture API accepted the causing event
 * @param decidedAt when the evaluator decided
 */
public record ExperienceDecision(String userId, Experience experience, List<FiredRule> firedRules,
		long rulesetRelease, String eventId, long featureVersion, Instant eventOccurredAt,
		Instant eventReceivedAt, Instant decidedAt) {

	public ExperienceDecision {
		firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
	}

	/**
	 * @param ruleId the rule's id
	 * @param version the rule's version in the release
	 * @param slotsWon the experience slots (layout, density, feature:NAME, hint, checklist) this rule decided
	 */
	public record FiredRule(String ruleId, int version, List<String> slotsWon) {

		public FiredRule {
			slotsWon = slotsWon == null ? List.of() : List.copyOf(slotsWon);
		}

	}

}
