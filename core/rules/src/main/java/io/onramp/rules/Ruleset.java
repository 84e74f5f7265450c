package io.onramp.rules;

import java.util.List;

import io.onramp.contracts.Experience;

/**
 * The content of a ruleset: the experience users get when no rule decides a slot, and the rules.
 *
 * @param defaults the experience before any rule applies
 * @param rules the rules, in any order
 */
public record Ruleset(Experience defaults, List<Rule> rules) {

	public Ruleset {
		rules = List.copyOf(rules);
	}

}
