package io.onramp.rules;

import java.util.List;

/**
 * When a rule fires: a tree of {@code all} / {@code any} / {@code not} over comparisons.
 *
 * <p>Conditions are data, never code: there is no expression language to escape from. A condition
 * compiles once, when its ruleset is loaded, into a {@link java.util.function.Predicate} over
 * {@link FeatureView}; evaluation does no parsing.
 */
public sealed interface Condition permits Condition.All, Condition.Any, Condition.Not, Comparison {

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
