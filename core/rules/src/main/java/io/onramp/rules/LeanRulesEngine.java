package io.onramp.rules;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rule;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.api.RulesEngineParameters;

/**
 * An Easy Rules {@link RulesEngine} with {@code DefaultRulesEngine}'s semantics (rules in priority order,
 * the priority threshold, the skip-on-first-applied/failed/non-triggered parameters, an evaluation error
 * counting as "does not apply") without its per-rule overhead.
 *
 * <p>Why not {@code DefaultRulesEngine}: on every {@code fire} it logs each registered rule at debug
 * level (boxing and an argument array per rule even when debug is off) and streams over its listener
 * lists per rule. With 1,000 rules that overhead alone exceeds the 50 µs budget of one evaluation (see
 * {@code benchmarks/}, which measures both). Listeners are not supported; Onramp does not use them.
 */
public final class LeanRulesEngine implements RulesEngine {

	private final RulesEngineParameters parameters;

	public LeanRulesEngine() {
		this(new RulesEngineParameters());
	}

	public LeanRulesEngine(RulesEngineParameters parameters) {
		this.parameters = parameters;
	}

	@Override
	public RulesEngineParameters getParameters() {
		return parameters;
	}

	@Override
	public void fire(Rules rules, Facts facts) {
		int threshold = parameters.getPriorityThreshold();
		boolean skipOnFirstApplied = parameters.isSkipOnFirstAppliedRule();
		boolean skipOnFirstFailed = parameters.isSkipOnFirstFailedRule();
		boolean skipOnFirstNonTriggered = parameters.isSkipOnFirstNonTriggeredRule();
		for (Rule rule : rules) {
			if (rule.getPriority() > threshold) {
				break;
			}
			if (applies(rule, facts)) {
				try {
					rule.execute(facts);
					if (skipOnFirstApplied) {
						break;
					}
				}
				catch (Exception ex) {
					if (skipOnFirstFailed) {
						break;
					}
				}
			}
			else if (skipOnFirstNonTriggered) {
				break;
			}
		}
	}

	@Override
	public Map<Rule, Boolean> check(Rules rules, Facts facts) {
		Map<Rule, Boolean> result = new LinkedHashMap<>();
		for (Rule rule : rules) {
			result.put(rule, applies(rule, facts));
		}
		return result;
	}

	private static boolean applies(Rule rule, Facts facts) {
		try {
			return rule.evaluate(facts);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
