package io.onramp.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.BasicRule;

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

	private final Rules rules;

	private final int ruleCount;

	private final RulesEngine engine;

	private final boolean hasCappedRules;

	private final ConditionCompiler.Names names = new ConditionCompiler.Names();

	private final Slots slots = new Slots();

	private CompiledRuleset(RulesetRelease release, RulesEngine engine) {
		this.release = release;
		this.engine = engine;
		this.hasCappedRules = release.ruleset().rules().stream().anyMatch(rule -> rule.frequencyCap() != null);
		List<Rule> ordered = release.ruleset().rules().stream()
			.filter(Rule::enabled)
			.sorted(Comparator.comparingInt(Rule::priority).reversed().thenComparing(Rule::id))
			.toList();
		List<org.jeasy.rules.api.Rule> compiled = new ArrayList<>();
		int rank = 0;
		for (Rule rule : ordered) {
			// Easy Rules runs lower numbers first; the rank keeps our order, ties included.
			compiled.add(new EasyRule(rule, rank++, names, slots));
		}
		this.rules = new ReleaseRules(compiled);
		this.ruleCount = compiled.size();
	}

	public static CompiledRuleset compile(RulesetRelease release) {
		return new CompiledRuleset(release, new LeanRulesEngine());
	}

	/** Compiles to run on another Easy Rules engine, such as {@code DefaultRulesEngine} (benchmarks compare them). */
	public static CompiledRuleset compile(RulesetRelease release, RulesEngine engine) {
		return new CompiledRuleset(release, engine);
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
		EvaluationFacts facts = new EvaluationFacts(names.resolve(input), new Outcome(release.ruleset().defaults(), slots, ruleCount));
		engine.fire(rules, facts);
		return facts.outcome.evaluation();
	}

	/**
	 * The part of a rule that says whether it may fire at all: its active window, audience and frequency
	 * cap; {@code null} when it has none of them.
	 */
	static Predicate<EvaluationInput> gate(Rule rule) {
		Audience audience = rule.audience();
		FrequencyCap cap = rule.frequencyCap();
		String id = rule.id();
		Predicate<EvaluationInput> gate = null;
		if (rule.activeFrom() != null || rule.activeTo() != null) {
			gate = and(gate, input -> rule.activeAt(input.now()));
		}
		if (!audience.isEveryone()) {
			gate = and(gate, input -> audience.includes(id, input.userId()));
		}
		if (cap != null) {
			gate = and(gate, input -> cap.allows(input.firings().get(id), input.now(), input.sessionId()));
		}
		return gate;
	}

	private static Predicate<EvaluationInput> and(Predicate<EvaluationInput> first, Predicate<EvaluationInput> second) {
		return first == null ? second : first.and(second);
	}

	/**
	 * @param experience the resulting experience: the defaults patched by the winning actions
	 * @param firedRules every rule that fired, in priority order, with the slots it won
	 * @param cappedRulesFired ids of the fired rules that have a frequency cap, whose firing must be remembered
	 */
	public record Evaluation(Experience experience, List<FiredRule> firedRules, List<String> cappedRulesFired) {
	}

	/** One of our rules as an Easy Rules rule: gate and condition in one precompiled check. */
	private static final class EasyRule extends BasicRule {

		private final Rule rule;

		private final ConditionCompiler.Check applies;

		private final Action[] actions;

		/** The slot number of each action. */
		private final int[] slotNumbers;

		/** What the decision records when the rule won all its slots, or none: most firings, no allocation. */
		private final FiredRule wonAll;

		private final FiredRule wonNone;

		private final int claimable;

		private final boolean capped;

		EasyRule(Rule rule, int rank, ConditionCompiler.Names names, Slots slots) {
			super(rule.id(), rule.name(), rank);
			this.rule = rule;
			Predicate<EvaluationInput> gate = gate(rule);
			ConditionCompiler.Check condition = ConditionCompiler.compile(rule.condition(), names);
			this.applies = gate == null ? condition : values -> gate.test(values.input()) && condition.test(values);
			this.actions = rule.actions().toArray(Action[]::new);
			this.slotNumbers = rule.actions().stream().mapToInt(action -> slots.number(action.slot())).toArray();
			this.wonAll = new FiredRule(rule.id(), rule.version(),
					rule.actions().stream().map(Action::slot).distinct().toList());
			this.wonNone = new FiredRule(rule.id(), rule.version(), List.of());
			this.claimable = wonAll.slotsWon().size();
			this.capped = rule.frequencyCap() != null;
		}

		@Override
		public boolean evaluate(Facts facts) {
			return applies.test(((EvaluationFacts) facts).values);
		}

		@Override
		public void execute(Facts facts) {
			((EvaluationFacts) facts).outcome.apply(this);
		}

	}

	/**
	 * The rules of a release, in firing order. Easy Rules keeps rules in a tree set; a release never
	 * changes after compilation, so iterating a list in the same order spares each evaluation a thousand
	 * tree steps.
	 */
	private static final class ReleaseRules extends Rules {

		private final List<org.jeasy.rules.api.Rule> ordered;

		ReleaseRules(List<org.jeasy.rules.api.Rule> ordered) {
			super(new java.util.TreeSet<>(ordered));
			this.ordered = List.copyOf(this.rules());
		}

		private List<org.jeasy.rules.api.Rule> rules() {
			List<org.jeasy.rules.api.Rule> sorted = new ArrayList<>();
			super.iterator().forEachRemaining(sorted::add);
			return sorted;
		}

		@Override
		public java.util.Iterator<org.jeasy.rules.api.Rule> iterator() {
			return ordered.iterator();
		}

	}

	/** Numbers the experience slots (layout, density, feature:X...) of a release, for array-speed claims. */
	private static final class Slots {

		private final Map<String, Integer> numbers = new HashMap<>();

		private final List<String> names = new ArrayList<>();

		int number(String slot) {
			return numbers.computeIfAbsent(slot, key -> {
				names.add(key);
				return names.size() - 1;
			});
		}

		int size() {
			return names.size();
		}

		String name(int number) {
			return names.get(number);
		}

	}

	/**
	 * The facts of one evaluation. Easy Rules' own {@link Facts} finds a fact by scanning a set; reading
	 * these two fields directly keeps a thousand-rule evaluation within microseconds.
	 */
	private static final class EvaluationFacts extends Facts {

		private final ConditionCompiler.Resolved values;

		private final Outcome outcome;

		EvaluationFacts(ConditionCompiler.Resolved values, Outcome outcome) {
			this.values = values;
			this.outcome = outcome;
		}

	}

	/** Collects the winning action per slot during one evaluation. */
	private static final class Outcome {

		private final Experience defaults;

		private final Slots slots;

		private final Action[] winners;

		/** Scratch: the slots the rule being applied claimed. */
		private final boolean[] wonNow;

		private int freeSlots;

		private final List<FiredRule> fired;

		private final List<String> capped = new ArrayList<>();

		Outcome(Experience defaults, Slots slots, int ruleCount) {
			this.defaults = defaults;
			this.fired = new ArrayList<>(ruleCount);
			this.slots = slots;
			this.winners = new Action[slots.size()];
			this.wonNow = new boolean[slots.size()];
			this.freeSlots = slots.size();
		}

		void apply(EasyRule easyRule) {
			if (freeSlots == 0) {
				fired.add(easyRule.wonNone);
				if (easyRule.capped) {
					capped.add(easyRule.rule.id());
				}
				return;
			}
			int wonCount = 0;
			int[] slotNumbers = easyRule.slotNumbers;
			for (int i = 0; i < slotNumbers.length; i++) {
				if (winners[slotNumbers[i]] == null) {
					winners[slotNumbers[i]] = easyRule.actions[i];
					wonNow[slotNumbers[i]] = true;
					wonCount++;
				}
			}
			freeSlots -= wonCount;
			if (wonCount == 0) {
				fired.add(easyRule.wonNone);
			}
			else if (wonCount == easyRule.claimable) {
				fired.add(easyRule.wonAll);
			}
			else {
				List<String> won = new ArrayList<>(wonCount);
				for (int slot : slotNumbers) {
					if (wonNow[slot]) {
						won.add(slots.name(slot));
					}
				}
				fired.add(new FiredRule(easyRule.rule.id(), easyRule.rule.version(), won));
			}
			for (int slot : slotNumbers) {
				wonNow[slot] = false;
			}
			if (easyRule.capped) {
				capped.add(easyRule.rule.id());
			}
		}

		Evaluation evaluation() {
			return new Evaluation(experience(), Collections.unmodifiableList(fired), Collections.unmodifiableList(capped));
		}

		private Experience experience() {
			String layout = defaults.layout();
			String density = defaults.density();
			Map<String, Boolean> features = null;
			Experience.Hint hint = defaults.hint();
			List<String> checklist = defaults.checklist();
			boolean changed = false;
			for (Action action : winners) {
				if (action == null) {
					continue;
				}
				changed = true;
				if (action instanceof Action.SetLayout a) {
					layout = a.layout();
				}
				else if (action instanceof Action.SetDensity a) {
					density = a.density();
				}
				else if (action instanceof Action.SetFeature a) {
					if (features == null) {
						features = new LinkedHashMap<>(defaults.features());
					}
					features.put(a.feature(), a.enabled());
				}
				else if (action instanceof Action.ShowHint a) {
					hint = new Experience.Hint(a.id(), a.text());
				}
				else if (action instanceof Action.ReorderChecklist a) {
					checklist = a.order();
				}
			}
			return changed ? new Experience(layout, density, features == null ? defaults.features() : features, hint, checklist)
					: defaults;
		}

	}

}
