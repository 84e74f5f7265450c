package io.onramp.rules;

import java.time.Instant;
import java.util.List;

/**
 * One business rule: when it applies to the user and its condition holds, its actions patch the
 * experience.
 *
 * @param id stable id, unique in a ruleset
 * @param version the rule's version; every saved change is a new version
 * @param name a short name people read
 * @param description what the rule is for
 * @param priority higher wins: per experience slot the highest-priority firing rule decides; ties go to the
 * smaller id
 * @param enabled a disabled rule never fires
 * @param activeFrom the rule fires only from this instant on, or {@code null} for no start
 * @param activeTo the rule fires only before this instant, or {@code null} for no end
 * @param audience which users the rule applies to
 * @param frequencyCap how often the rule may fire for one user, or {@code null} for every time it holds
 * @param tags labels to find rules by
 * @param condition when it fires
 * @param actions what it does, at least one
 */
public record Rule(String id, int version, String name, String description, int priority, boolean enabled,
		Instant activeFrom, Instant activeTo, Audience audience, FrequencyCap frequencyCap, List<String> tags,
		Condition condition, List<Action> actions) {

	public Rule {
		audience = audience == null ? Audience.EVERYONE : audience;
		tags = tags == null ? List.of() : List.copyOf(tags);
		actions = List.copyOf(actions);
		description = description == null ? "" : description;
	}

	/** Whether the rule's active window holds at this time (start inclusive, end exclusive). */
	public boolean activeAt(Instant time) {
		return (activeFrom == null || !time.isBefore(activeFrom)) && (activeTo == null || time.isBefore(activeTo));
	}

	/** This rule as version {@code version}, otherwise the same. */
	public Rule withVersion(int version) {
		return new Rule(id, version, name, description, priority, enabled, activeFrom, activeTo, audience, frequencyCap, tags,
				condition, actions);
	}

	/** This rule under another id (a copy), otherwise the same. */
	public Rule withId(String id) {
		return new Rule(id, version, name, description, priority, enabled, activeFrom, activeTo, audience, frequencyCap, tags,
				condition, actions);
	}

	/** A rule for everyone, always active and uncapped. */
	public static Rule simple(String id, int priority, Condition condition, List<Action> actions) {
		return new Rule(id, 1, id, "", priority, true, null, null, Audience.EVERYONE, null, List.of(), condition, actions);
	}

}
