package io.onramp.rules;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Compiles a {@link Condition} tree into a predicate, once. The result does no parsing, no reflection
 * and no name lookups beyond one map read per comparison, and can only read values: that is what makes
 * rules safe to accept from business users.
 */
final class ConditionCompiler {

	private ConditionCompiler() {
	}

	static Predicate<EvaluationInput> compile(Condition condition) {
		if (condition instanceof Condition.All all) {
			Predicate<EvaluationInput>[] parts = compileAll(all.of());
			return input -> {
				for (Predicate<EvaluationInput> part : parts) {
					if (!part.test(input)) {
						return false;
					}
				}
				return true;
			};
		}
		if (condition instanceof Condition.Any any) {
			Predicate<EvaluationInput>[] parts = compileAll(any.of());
			return input -> {
				for (Predicate<EvaluationInput> part : parts) {
					if (part.test(input)) {
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

	@SuppressWarnings("unchecked")
	private static Predicate<EvaluationInput>[] compileAll(List<Condition> conditions) {
		return conditions.stream().map(ConditionCompiler::compile).toArray(Predicate[]::new);
	}

	private static Predicate<EvaluationInput> compile(Comparison c) {
		Function<EvaluationInput, Object> read = EvaluationInput.accessor(c.feature());
		Object expected = c.value();
		return switch (c.op()) {
			case EQ -> input -> Values.equal(read.apply(input), expected);
			case NE -> input -> !Values.equal(read.apply(input), expected);
			case GT -> ordered(read, expected, order -> order > 0);
			case GTE -> ordered(read, expected, order -> order >= 0);
			case LT -> ordered(read, expected, order -> order < 0);
			case LTE -> ordered(read, expected, order -> order <= 0);
			case BETWEEN -> {
				List<?> range = (List<?>) expected;
				Object low = range.get(0);
				Object high = range.get(1);
				yield input -> {
					Object actual = read.apply(input);
					return Values.compare(actual, low, order -> order >= 0) && Values.compare(actual, high, order -> order <= 0);
				};
			}
			case IN -> {
				Object[] values = ((Collection<?>) expected).toArray();
				yield input -> Values.in(read.apply(input), values);
			}
			case NOT_IN -> {
				Object[] values = ((Collection<?>) expected).toArray();
				yield input -> !Values.in(read.apply(input), values);
			}
			case CONTAINS -> input -> Values.contains(read.apply(input), expected);
			case STARTS_WITH -> {
				String prefix = expected.toString();
				yield input -> {
					Object actual = read.apply(input);
					return actual != null && actual.toString().startsWith(prefix);
				};
			}
			case EXISTS -> {
				boolean shouldExist = Boolean.TRUE.equals(expected);
				yield input -> (read.apply(input) != null) == shouldExist;
			}
			case CHANGED_TO -> {
				String name = c.feature();
				yield input -> input.changed(name) && Values.equal(read.apply(input), expected);
			}
		};
	}

	private static Predicate<EvaluationInput> ordered(Function<EvaluationInput, Object> read, Object expected,
			IntPredicate test) {
		return input -> Values.compare(read.apply(input), expected, test);
	}

}
