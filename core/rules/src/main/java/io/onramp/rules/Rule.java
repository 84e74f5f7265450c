package io.onramp.rules;

import java.util.List;

/**
 * One business rule: when its condition holds, its actions patch the experience.
 *
 * @param id stable id, unique in a ruleset
 * @param version the rule's version in the release it belongs to
 * @param name a short name people read
 * @param description what the rule is for
 * @param priority higher wins: per experience slot, the highest-priority firing rule decides; ties go to the
 * smaller id
 * @param enabled a disabled rule never fires
 * @param condition when it fires
 * @param actions what it does
 */
public record Rule(String id, int version, String name, String description, int priority, boolean enabled,
		Condition condition, List<Action> actions) {

	public Rule {
		actions = List.copyOf(actions);
	}

}
