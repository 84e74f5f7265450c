package io.onramp.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision.FiredRule;

/**
 * A ruleset compiled into Easy Rules rules, ready to evaluate many times.
 *
 * <p>Easy Rules fires rules in priority order (our priority, highest first; ties by id). Each firing
 * rule claims the experience slots its actions touch that no earlier rule claimed, so per slot the
 * highest-priority firing rule wins, deterministically. Thread-safe: evaluation state lives in the
 * per-call {@link Facts}.
 */
public final class CompiledRuleset {

	private static final String VIEW = "view";

	private static final String OUTCOME = "outcome";

	private final Ruleset ruleset;

	private final Rules rules = new Rules();

	private final RulesEngine engine = new DefaultRulesEngine();

	private CompiledRuleset(Ruleset ruleset) {
		this.ruleset = ruleset;
		List<Rule> ordered = ruleset.rules().stream()
			.filter(Rule::enabled)
			.sorted(Comparator.comparingInt(Rule::priority).reversed().thenComparing(Rule::id))
			.toList();
		int rank = 0;
		for (Rule rule : ordered) {
			Predicate<FeatureView> condition = ConditionCompiler.compile(rule.condition());
			rules.register(new RuleBuilder().name(rule.id())
				.description(rule.name())
				// Easy Rules runs lower numbers first; the rank keeps our order, ties included.
				.priority(rank++)
				.when(facts -> condition.test(facts.get(VIEW)))
				.then(facts -> facts.<Outcome>get(OUTCOME).apply(rule))
				.build());
		}
	}

	public static CompiledRuleset compile(Ruleset ruleset) {
		return new CompiledRuleset(ruleset);
	}

	public String release() {
		return ruleset.release();
	}

	public Evaluation evaluate(FeatureView view) {
		Facts facts = new Facts();
		facts.put(VIEW, view);
		Outcome outcome = new Outcome(ruleset.defaults());
		facts.put(OUTCOME, outcome);
		engine.fire(rules, facts);
		return new Evaluation(outcome.experience(), List.copyOf(outcome.fired));
	}

	/**
	 * @param experience the resulting experience: the defaults patched by the winning actions
	 * @param firedRules every rule that fired, in priority order, with the slots it won
	 */
	public record Evaluation(Experience experience, List<FiredRule> firedRules) {
	}

	/** Collects the winning action per slot during one evaluation. */
	private static final class Outcome {

		private final Experience defaults;

		private final Map<String, Action> winners = new LinkedHashMap<>();

		private final List<FiredRule> fired = new ArrayList<>();

		Outcome(Experience defaults) {
			this.defaults = defaults;
		}

		void apply(Rule rule) {
			List<String> won = new ArrayList<>();
			for (Action action : rule.actions()) {
				if (winners.putIfAbsent(action.slot(), action) == null) {
					won.add(action.slot());
				}
			}
			fired.add(new FiredRule(rule.id(), rule.version(), won));
		}

		Experience experience() {
			String layout = defaults.layout();
			String density = defaults.density();
			Map<String, Boolean> features = new LinkedHashMap<>(defaults.features());
			Experience.Hint hint = defaults.hint();
			List<String> checklist = defaults.checklist();
			for (Action action : winners.values()) {
				if (action instanceof Action.SetLayout a) {
					layout = a.layout();
				}
				else if (action instanceof Action.SetDensity a) {
					density = a.density();
				}
				else if (action instanceof Action.SetFeature a) {
					features.put(a.feature(), a.enabled());
				}
				else if (action instanceof Action.ShowHint a) {
					hint = new Experience.Hint(a.id(), a.text());
				}
				else if (action instanceof Action.ReorderChecklist a) {
					checklist = a.order();
				}
			}
			return new Experience(layout, density, features, hint, checklist);
		}

	}

}
