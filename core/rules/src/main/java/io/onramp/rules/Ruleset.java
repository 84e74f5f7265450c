package io.onramp.rules;

import java.util.List;

import io.onramp.contracts.Experience;

/**
 * An immutable ruleset release: the rules evaluators run, and the experience users get when no rule
 * decides a slot.
 *
 * @param release the release id, recorded on every decision
 * @param defaults the experience before any rule applies
 * @param rules the rules, in any order
 */
public record Ruleset(String release, Experience defaults, List<Rule> rules) {

	public Ruleset {
		rules = List.copyOf(rules);
	}

}
