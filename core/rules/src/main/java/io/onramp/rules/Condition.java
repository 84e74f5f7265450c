package io.onramp.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a rule fires: a tree of {@code all} / {@code any} / {@code not} over comparisons.
 *
 * <p>Conditions are data, never code: there is no expression language to escape from. A condition
 * compiles once, when its ruleset is loaded, into a {@link java.util.function.Predicate} over
 * {@link FeatureView}; evaluation does no parsing.
 */
public sealed interface Condition permits Condition.All, Condition.Any, Condition.Not, Comparison {

	/**
	 * The features this condition reads, in the order they first appear (event fields, {@code event.*}, are
	 * not features and are left out): what rules-admin filters rules by and what drift flags for review.
	 */
	default Set<String> features() {
		Set<String> features = new LinkedHashSet<>();
		collectFeatures(this, features);
		return features;
	}

	private static void collectFeatures(Condition condition, Set<String> features) {
		if (condition instanceof Comparison comparison) {
			if (!comparison.feature().startsWith("event.")) {
				features.add(comparison.feature());
			}
		}
		else if (condition instanceof All all) {
			all.of().forEach(part -> collectFeatures(part, features));
		}
		else if (condition instanceof Any any) {
			any.of().forEach(part -> collectFeatures(part, features));
		}
		else if (condition instanceof Not not) {
			collectFeatures(not.of(), features);
		}
	}

	/** True when every one of {@code of} is true (and for an empty list). */
	record All(List<Condition> of) implements Condition {
		public All {
			of = List.copyOf(of);
		}
	}

	/** True when at least one of {@code of} is true. */
	record Any(List<Condition> of) implements Condition {
		public Any {
			of = List.copyOf(of);
		}
	}

	/** True when {@code of} is false. */
	record Not(Condition of) implements Condition {
	}

}
