package io.onramp.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.BasicRule;
import org.jeasy.rules.core.DefaultRulesEngine;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision.FiredRule;

/**
 * A ruleset release compiled into Easy Rules rules, ready to evaluate many times.
 *
 * <p>Each rule's active window, audience, frequency cap and condition compile once into one predicate;
 * evaluation does no parsing. Easy Rules fires the rules in priority order (our priority, highest first;
 * ties by id). Each firing rule claims the experience slots its actions touch that no earlier rule
 * claimed, so per slot the highest-priority firing rule wins, deterministically. Thread-safe and
 * immutable: evaluation state lives in the per-call {@link Facts}.
 */
public final class CompiledRuleset {

	private final RulesetRelease release;

	private final Rules rules = new Rules();

	private final RulesEngine engine = new DefaultRulesEngine();

	private final boolean hasCappedRules;

	private CompiledRuleset(RulesetRelease release) {
		this.release = release;
		this.hasCappedRules = release.ruleset().rules().stream().anyMatch(rule -> rule.frequencyCap() != null);
		List<Rule> ordered = release.ruleset().rules().stream()
			.filter(Rule::enabled)
			.sorted(Comparator.comparingInt(Rule::priority).reversed().thenComparing(Rule::id))
			.toList();
		int rank = 0;
		for (Rule rule : ordered) {
			// Easy Rules runs lower numbers first; the rank keeps our order, ties included.
			rules.register(new EasyRule(rule, rank++));
		}
	}

	public static CompiledRuleset compile(RulesetRelease release) {
		return new CompiledRuleset(release);
	}

	public RulesetRelease release() {
		return release;
	}

	/** Whether any rule has a frequency cap, so the user's firing history must be read. */
	public boolean hasCappedRules() {
		return hasCappedRules;
	}

	public long releaseNumber() {
		return release.number();
	}

	public Evaluation evaluate(EvaluationInput input) {
		EvaluationFacts facts = new EvaluationFacts(input, new Outcome(release.ruleset().defaults()));
		engine.fire(rules, facts);
		return facts.outcome.evaluation();
	}

	/** The part of a rule that says whether it may fire at all: its active window, audience and frequency cap. */
	static Predicate<EvaluationInput> gate(Rule rule) {
		Instant from = rule.activeFrom();
		Instant to = rule.activeTo();
		Audience audience = rule.audience();
		FrequencyCap cap = rule.frequencyCap();
		String id = rule.id();
		Predicate<EvaluationInput> gate = input -> true;
		if (from != null) {
			gate = gate.and(input -> !input.now().isBefore(from));
		}
		if (to != null) {
			gate = gate.and(input -> input.now().isBefore(to));
		}
		if (!audience.isEveryone()) {
			gate = gate.and(input -> audience.includes(id, input.userId()));
		}
		if (cap != null) {
			gate = gate.and(input -> cap.allows(input.firings().get(id), input.now(), input.sessionId()));
		}
		return gate;
	}

	/**
	 * @param experience the resulting experience: the defaults patched by the winning actions
	 * @param firedRules every rule that fired, in priority order, with the slots it won
	 * @param cappedRulesFired ids of the fired rules that have a frequency cap, whose firing must be remembered
	 */
	public record Evaluation(Experience experience, List<FiredRule> firedRules, List<String> cappedRulesFired) {
	}

	/** One of our rules as an Easy Rules rule: gate and condition in one precompiled predicate. */
	private static final class EasyRule extends BasicRule {

		private final Rule rule;

		private final Predicate<EvaluationInput> applies;

		EasyRule(Rule rule, int rank) {
			super(rule.id(), rule.name(), rank);
			this.rule = rule;
			this.applies = gate(rule).and(ConditionCompiler.compile(rule.condition()));
		}

		@Override
		public boolean evaluate(Facts facts) {
			return applies.test(((EvaluationFacts) facts).input);
		}

		@Override
		public void execute(Facts facts) {
			((EvaluationFacts) facts).outcome.apply(rule);
		}

	}

	/**
	 * The facts of one evaluation. Easy Rules' own {@link Facts} finds a fact by scanning a set; reading
	 * these two fields directly keeps a thousand-rule evaluation within microseconds.
	 */
	private static final class EvaluationFacts extends Facts {

		private final EvaluationInput input;

		private final Outcome outcome;

		EvaluationFacts(EvaluationInput input, Outcome outcome) {
			this.input = input;
			this.outcome = outcome;
		}

	}

	/** Collects the winning action per slot during one evaluation. */
	private static final class Outcome {

		private final Experience defaults;

		private final Map<String, Action> winners = new LinkedHashMap<>();

		private final List<FiredRule> fired = new ArrayList<>();

		private final List<String> capped = new ArrayList<>();

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
			if (rule.frequencyCap() != null) {
				capped.add(rule.id());
			}
		}

		Evaluation evaluation() {
			return new Evaluation(experience(), List.copyOf(fired), List.copyOf(capped));
		}

		private Experience experience() {
			if (winners.isEmpty()) {
				return defaults;
			}
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
