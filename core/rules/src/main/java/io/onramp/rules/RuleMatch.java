package io.onramp.rules;

import java.util.function.Predicate;

/** Whether one rule would fire, for backtests that evaluate a single rule over many inputs. */
public final class RuleMatch {

	private RuleMatch() {
	}

	/**
	 * The rule as one compiled test: it is on, active at the input's time, the user is in its audience and its
	 * condition holds. Frequency caps are left out: a backtest counts users, not firings.
	 */
	public static Predicate<EvaluationInput> of(Rule rule) {
		Predicate<EvaluationInput> condition = ConditionCompiler.compile(rule.condition());
		return input -> rule.enabled() && rule.activeAt(input.now()) && rule.audience().includes(rule.id(), input.userId())
				&& condition.test(input);
	}

}
