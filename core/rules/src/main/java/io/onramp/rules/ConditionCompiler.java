package io.onramp.rules;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Compiles a {@link Condition} tree into a predicate, once. The result does no parsing and no
 * reflection, and can only read features: that is what makes rules safe to accept from business users.
 */
final class ConditionCompiler {

	private ConditionCompiler() {
	}

	static Predicate<FeatureView> compile(Condition condition) {
		if (condition instanceof Condition.All all) {
			List<Predicate<FeatureView>> parts = all.of().stream().map(ConditionCompiler::compile).toList();
			return view -> {
				for (Predicate<FeatureView> part : parts) {
					if (!part.test(view)) {
						return false;
					}
				}
				return true;
			};
		}
		if (condition instanceof Condition.Any any) {
			List<Predicate<FeatureView>> parts = any.of().stream().map(ConditionCompiler::compile).toList();
			return view -> {
				for (Predicate<FeatureView> part : parts) {
					if (part.test(view)) {
						return true;
					}
				}
				return false;
			};
		}
		if (condition instanceof Condition.Not not) {
			return compile(not.of()).negate();
		}
		return compile((Comparison) condition);
	}

	private static Predicate<FeatureView> compile(Comparison c) {
		String feature = c.feature();
		Object expected = c.value();
		return switch (c.op()) {
			case EQ -> view -> equal(view.get(feature), expected);
			case NE -> view -> !equal(view.get(feature), expected);
			case GT -> view -> ordered(view.get(feature), expected, order -> order > 0);
			case GTE -> view -> ordered(view.get(feature), expected, order -> order >= 0);
			case LT -> view -> ordered(view.get(feature), expected, order -> order < 0);
			case LTE -> view -> ordered(view.get(feature), expected, order -> order <= 0);
			case BETWEEN -> {
				List<?> range = (List<?>) expected;
				Object low = range.get(0);
				Object high = range.get(1);
				yield view -> {
					Object actual = view.get(feature);
					return ordered(actual, low, order -> order >= 0) && ordered(actual, high, order -> order <= 0);
				};
			}
			case IN -> view -> ((Collection<?>) expected).stream().anyMatch(v -> equal(view.get(feature), v));
			case NOT_IN -> view -> ((Collection<?>) expected).stream().noneMatch(v -> equal(view.get(feature), v));
			case CONTAINS -> view -> {
				Object actual = view.get(feature);
				return actual instanceof Collection<?> values ? values.stream().anyMatch(v -> equal(v, expected))
						: actual != null && actual.toString().contains(expected.toString());
			};
			case STARTS_WITH -> view -> {
				Object actual = view.get(feature);
				return actual != null && actual.toString().startsWith(expected.toString());
			};
			case EXISTS -> {
				boolean shouldExist = Boolean.TRUE.equals(expected);
				yield view -> (view.get(feature) != null) == shouldExist;
			}
			case CHANGED_TO -> view -> view.changed(feature) && equal(view.get(feature), expected);
		};
	}

	static boolean equal(Object actual, Object expected) {
		if (actual instanceof Number a && expected instanceof Number e) {
			return decimal(a).compareTo(decimal(e)) == 0;
		}
		if (actual == null || expected == null) {
			return actual == expected;
		}
		return Objects.equals(actual.toString(), expected.toString());
	}

	/**
	 * Orders numbers numerically and text as text. An absent feature, or a number against text, has no
	 * order, and the comparison is false whichever way it asks.
	 */
	private static boolean ordered(Object actual, Object expected, IntPredicate test) {
		if (actual instanceof Number a && expected instanceof Number e) {
			return test.test(decimal(a).compareTo(decimal(e)));
		}
		if (actual == null || actual instanceof Number || expected instanceof Number) {
			return false;
		}
		return test.test(actual.toString().compareTo(expected.toString()));
	}

	private static BigDecimal decimal(Number n) {
		return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
	}

}
