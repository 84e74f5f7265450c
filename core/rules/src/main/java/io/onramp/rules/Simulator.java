package io.onramp.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.onramp.contracts.ExperienceDecision.FiredRule;
import io.onramp.rules.CompiledRuleset.Evaluation;

/**
 * Evaluates a ruleset on given features and event and explains it: the decision, and per rule which of
 * its checks and conditions held and which did not. Every check is decided by the same compiled code the
 * evaluator runs, so the explanation cannot disagree with the decision.
 */
public final class Simulator {

	private Simulator() {
	}

	public static Simulation simulate(RulesetRelease release, EvaluationInput input) {
		Evaluation evaluation = CompiledRuleset.compile(release).evaluate(input);
		Map<String, FiredRule> fired = evaluation.firedRules().stream()
			.collect(Collectors.toMap(FiredRule::ruleId, Function.identity()));
		List<RuleTrace> traces = release.ruleset().rules().stream()
			.sorted(Comparator.comparingInt(Rule::priority).reversed().thenComparing(Rule::id))
			.map(rule -> trace(rule, input, fired.get(rule.id())))
			.toList();
		return new Simulation(evaluation, traces);
	}

	private static RuleTrace trace(Rule rule, EvaluationInput input, FiredRule fired) {
		List<Check> checks = new ArrayList<>();
		checks.add(new Check("enabled", rule.enabled(), rule.enabled() ? "the rule is on" : "the rule is switched off"));
		if (rule.activeFrom() != null || rule.activeTo() != null) {
			boolean active = rule.activeAt(input.now());
			checks.add(new Check("active window", active, "at " + input.now() + (active ? " the rule is active" : " the rule is not active")));
		}
		Audience audience = rule.audience();
		if (audience.percentage() < 100 || !audience.exclude().isEmpty() || !audience.include().isEmpty()) {
			boolean in = audience.includes(rule.id(), input.userId());
			String why = audience.exclude().contains(input.userId()) ? "the user is excluded"
					: audience.include().contains(input.userId()) ? "the user is included by name"
							: "the user's bucket " + Audience.bucket(rule.id(), input.userId()) / 100.0 + " is "
									+ (in ? "within" : "outside") + " the first " + audience.percentage() + "%";
			checks.add(new Check("audience", in, why));
		}
		if (rule.frequencyCap() != null) {
			FrequencyCap.Firing last = input.firings().get(rule.id());
			boolean allowed = rule.frequencyCap().allows(last, input.now(), input.sessionId());
			checks.add(new Check("frequency cap", allowed, RuleText.describe(rule.frequencyCap())
					+ (last == null ? "; it has not fired for this user" : "; it last fired at " + last.at())));
		}
		return new RuleTrace(rule.id(), rule.name(), rule.priority(), fired != null,
				fired == null ? List.of() : fired.slotsWon(), checks, explain(rule.condition(), input));
	}

	static ConditionTrace explain(Condition condition, EvaluationInput input) {
		boolean held = ConditionCompiler.compile(condition).test(input);
		List<ConditionTrace> parts = new ArrayList<>();
		String actual = null;
		if (condition instanceof Condition.All all) {
			all.of().forEach(part -> parts.add(explain(part, input)));
		}
		else if (condition instanceof Condition.Any any) {
			any.of().forEach(part -> parts.add(explain(part, input)));
		}
		else if (condition instanceof Condition.Not not) {
			parts.add(explain(not.of(), input));
		}
		else {
			Object value = input.get(((Comparison) condition).feature());
			actual = value == null ? "(no value)" : String.valueOf(value);
		}
		return new ConditionTrace(RuleText.describe(condition), held, actual, parts);
	}

	/**
	 * @param evaluation the decision the evaluator would make
	 * @param rules every rule, highest priority first, with why it fired or not
	 */
	public record Simulation(Evaluation evaluation, List<RuleTrace> rules) {
	}

	/**
	 * @param ruleId the rule
	 * @param name its name
	 * @param priority its priority
	 * @param fired whether it fired
	 * @param slotsWon the experience slots it decided
	 * @param checks enabled, active window, audience and frequency cap, each held or not
	 * @param condition its condition, explained
	 */
	public record RuleTrace(String ruleId, String name, int priority, boolean fired, List<String> slotsWon,
			List<Check> checks, ConditionTrace condition) {
	}

	/**
	 * @param what which check
	 * @param held whether it let the rule fire
	 * @param detail why, in words
	 */
	public record Check(String what, boolean held, String detail) {
	}

	/**
	 * @param text the condition in words
	 * @param held whether it held
	 * @param actual for a comparison, the value it saw
	 * @param parts for all/any/not, their parts
	 */
	public record ConditionTrace(String text, boolean held, String actual, List<ConditionTrace> parts) {
	}

}
