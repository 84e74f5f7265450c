package io.onramp.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jeasy.rules.api.Rules;
import org.jeasy.rules.mvel.MVELRule;

import io.onramp.contracts.Experience;
import io.onramp.rules.Action;
import io.onramp.rules.Comparison;
import io.onramp.rules.Condition;
import io.onramp.rules.Operator;
import io.onramp.rules.Rule;
import io.onramp.rules.Ruleset;

/**
 * N rules of the shape business users write ("clicks above 12 and on a phone, or in a later step"),
 * once as Onramp rules and once as the same rules in stock Easy Rules MVEL, plus a user's features.
 */
final class GeneratedRules {

	static final int FEATURES = 20;

	private GeneratedRules() {
	}

	static Ruleset onramp(int count) {
		List<Rule> rules = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Condition condition = new Condition.Any(List.of(
					new Condition.All(List.of(new Comparison(feature(i), Operator.GT, (long) threshold(i)),
							new Comparison("device_type", Operator.EQ, device(i)))),
					new Comparison("max_step_completed", Operator.GTE, (long) (i % 7))));
			rules.add(Rule.simple("rule-" + i, i % 10, condition, List.of(action(i))));
		}
		return new Ruleset(new Experience("standard", "high", Map.of(), null, List.of()), rules);
	}

	static Rules mvel(int count) {
		Rules rules = new Rules();
		for (int i = 0; i < count; i++) {
			rules.register(new MVELRule().name("rule-" + i)
				.priority(-(i % 10))
				.when("(features['" + feature(i) + "'] > " + threshold(i) + " && features['device_type'] == '" + device(i)
						+ "') || features['max_step_completed'] >= " + (i % 7))
				.then("fired.add('rule-" + i + "')"));
		}
		return rules;
	}

	/** A user's features: counts between 0 and 49, a device, a step. */
	static Map<String, Object> features(long seed) {
		Random random = new Random(seed);
		Map<String, Object> features = new HashMap<>();
		for (int f = 0; f < FEATURES; f++) {
			features.put("f_" + f, (long) random.nextInt(50));
		}
		features.put("device_type", random.nextBoolean() ? "mobile" : "desktop");
		features.put("max_step_completed", (long) random.nextInt(5));
		return features;
	}

	private static String feature(int i) {
		return "f_" + (i % FEATURES);
	}

	private static int threshold(int i) {
		return (i * 7) % 50;
	}

	private static String device(int i) {
		return i % 3 == 0 ? "desktop" : "mobile";
	}

	private static Action action(int i) {
		return switch (i % 4) {
			case 0 -> new Action.SetDensity(i % 8 == 0 ? "low" : "medium");
			case 1 -> new Action.SetFeature("feature_" + (i % 30), i % 2 == 0);
			case 2 -> new Action.ShowHint("hint-" + i, "Hint " + i);
			default -> new Action.SetLayout(i % 8 == 3 ? "compact" : "standard");
		};
	}

}
