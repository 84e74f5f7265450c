package io.onramp.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.onramp.rules.FeatureCatalog.Entry;
import io.onramp.rules.FeatureCatalog.Type;

/**
 * Checks what {@link RulesetJson} cannot: that every condition names a feature that exists and compares
 * it with a value it can have, and that windows, audiences and caps make sense. Messages speak to the
 * person who wrote the rule, for instance "Feature 'engagment_score' does not exist. Did you mean
 * 'engagement_score'?". Shared by the evaluator (which refuses a release with problems) and rules-admin
 * (which refuses to save such a rule).
 */
public final class RulesetValidator {

	private final FeatureCatalog catalog;

	public RulesetValidator(FeatureCatalog catalog) {
		this.catalog = catalog;
	}

	public List<RuleProblem> validate(Ruleset ruleset) {
		List<RuleProblem> problems = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < ruleset.rules().size(); i++) {
			Rule rule = ruleset.rules().get(i);
			String path = "rules[" + i + "]";
			if (!ids.add(rule.id())) {
				problems.add(new RuleProblem(path + ".id", "Another rule already has the id '" + rule.id() + "'."));
			}
			problems.addAll(validate(rule, path));
		}
		return problems;
	}

	public List<RuleProblem> validate(Rule rule, String path) {
		List<RuleProblem> problems = new ArrayList<>();
		if (rule.name() == null || rule.name().isBlank()) {
			problems.add(new RuleProblem(path + ".name", "Give the rule a name."));
		}
		if (rule.activeFrom() != null && rule.activeTo() != null && !rule.activeFrom().isBefore(rule.activeTo())) {
			problems.add(new RuleProblem(path + ".activeTo", "The rule would never be active: it starts at "
					+ rule.activeFrom() + " but ends at " + rule.activeTo() + "."));
		}
		Audience audience = rule.audience();
		if (audience.percentage() < 0 || audience.percentage() > 100) {
			problems.add(new RuleProblem(path + ".audience.percentage",
					"The audience share must be between 0 and 100 percent, not " + audience.percentage() + "."));
		}
		audience.include().stream().filter(audience.exclude()::contains).sorted().forEach(user -> problems.add(
				new RuleProblem(path + ".audience.include", "User '" + user + "' is both included and excluded; remove one.")));
		FrequencyCap cap = rule.frequencyCap();
		if (cap != null && cap.kind() == FrequencyCap.Kind.COOLDOWN
				&& (cap.cooldown() == null || cap.cooldown().isNegative() || cap.cooldown().isZero())) {
			problems.add(new RuleProblem(path + ".frequencyCap.cooldown", "A cooldown must be longer than zero."));
		}
		condition(rule.condition(), path + ".when", problems);
		return problems;
	}

	private void condition(Condition condition, String path, List<RuleProblem> problems) {
		if (condition instanceof Condition.All all) {
			for (int i = 0; i < all.of().size(); i++) {
				condition(all.of().get(i), path + ".all[" + i + "]", problems);
			}
		}
		else if (condition instanceof Condition.Any any) {
			if (any.of().isEmpty()) {
				problems.add(new RuleProblem(path + ".any", "'Any of' needs at least one condition; with none it never holds."));
			}
			for (int i = 0; i < any.of().size(); i++) {
				condition(any.of().get(i), path + ".any[" + i + "]", problems);
			}
		}
		else if (condition instanceof Condition.Not not) {
			condition(not.of(), path + ".not", problems);
		}
		else {
			comparison((Comparison) condition, path, problems);
		}
	}

	private void comparison(Comparison c, String path, List<RuleProblem> problems) {
		Optional<Entry> found = catalog.find(c.feature());
		if (found.isEmpty()) {
			String message = "Feature '" + c.feature() + "' does not exist.";
			message += catalog.suggest(c.feature()).map(name -> " Did you mean '" + name + "'?").orElse("");
			problems.add(new RuleProblem(path + ".feature", message));
			return;
		}
		Entry feature = found.get();
		Type type = feature.type();
		String name = "Feature '" + feature.name() + "'";
		switch (c.op()) {
			case GT, GTE, LT, LTE, BETWEEN -> {
				if (type == Type.TEXT) {
					problems.add(new RuleProblem(path + ".op", "'" + c.op().words() + "' compares numbers, but " + name
							+ " is a text. Use 'is', 'is one of', 'contains' or 'starts with'."));
				}
				else {
					values(c).forEach(value -> fits(feature, value, path, problems));
				}
			}
			case CONTAINS, STARTS_WITH -> {
				if (type == Type.NUMBER || type == Type.TIME) {
					problems.add(new RuleProblem(path + ".op", "'" + c.op().words() + "' works on text, but " + name
							+ " is " + type.words() + ". Use 'is', 'is greater than' or 'is between'."));
				}
			}
			case EXISTS -> {
			}
			default -> values(c).forEach(value -> fits(feature, value, path, problems));
		}
	}

	private static List<?> values(Comparison c) {
		return c.value() instanceof List<?> list ? list : List.of(c.value());
	}

	private static void fits(Entry feature, Object value, String path, List<RuleProblem> problems) {
		String name = "Feature '" + feature.name() + "'";
		switch (feature.type()) {
			case NUMBER, TIME -> {
				if (!(value instanceof Number)) {
					problems.add(new RuleProblem(path + ".value", name + " is " + feature.type().words()
							+ ", so compare it with a number, not '" + value + "'."));
				}
			}
			case TEXT -> {
				if (!feature.values().isEmpty() && !feature.values().contains(String.valueOf(value))) {
					problems.add(new RuleProblem(path + ".value", name + " is never '" + value + "'; it is one of "
							+ String.join(", ", feature.values()) + "."));
				}
			}
			case ANY -> {
			}
		}
	}

}
