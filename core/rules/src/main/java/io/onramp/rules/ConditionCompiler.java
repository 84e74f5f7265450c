package io.onramp.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Compiles {@link Condition} trees into checks, once per release. The result does no parsing and no
 * reflection and can only read values: that is what makes rules safe to accept from business users.
 *
 * <p>Every name the conditions of a release use (features, event fields) gets a slot in a {@link Names}
 * table. An evaluation reads each name once into an array ({@link Names#resolve}); a thousand comparisons
 * then read array slots instead of doing a thousand map lookups.
 */
final class ConditionCompiler {

	private ConditionCompiler() {
	}

	/** Compiles one condition on its own, as simulation and tests use it. */
	static Predicate<EvaluationInput> compile(Condition condition) {
		Names names = new Names();
		Check check = compile(condition, names);
		return input -> check.test(names.resolve(input));
	}

	static Check compile(Condition condition, Names names) {
		if (condition instanceof Condition.All all) {
			Check[] parts = compileAll(all.of(), names);
			// Most conditions have one to three parts: those skip the array and the loop.
			if (parts.length == 1) {
				return parts[0];
			}
			if (parts.length == 2) {
				Check first = parts[0];
				Check second = parts[1];
				return values -> first.test(values) && second.test(values);
			}
			return values -> {
				for (Check part : parts) {
					if (!part.test(values)) {
						return false;
					}
				}
				return true;
			};
		}
		if (condition instanceof Condition.Any any) {
			Check[] parts = compileAll(any.of(), names);
			if (parts.length == 1) {
				return parts[0];
			}
			if (parts.length == 2) {
				Check first = parts[0];
				Check second = parts[1];
				return values -> first.test(values) || second.test(values);
			}
			return values -> {
				for (Check part : parts) {
					if (part.test(values)) {
						return true;
					}
				}
				return false;
			};
		}
		if (condition instanceof Condition.Not not) {
			Check part = compile(not.of(), names);
			return values -> !part.test(values);
		}
		return compile((Comparison) condition, names);
	}

	private static Check[] compileAll(List<Condition> conditions, Names names) {
		return conditions.stream().map(condition -> compile(condition, names)).toArray(Check[]::new);
	}

	private static Check compile(Comparison c, Names names) {
		int slot = names.slot(c.feature());
		Object expected = c.value();
		if (expected instanceof Long || expected instanceof Integer) {
			Check integral = integral(c.op(), slot, ((Number) expected).longValue(), expected);
			if (integral != null) {
				return integral;
			}
		}
		if (expected instanceof String text && (c.op() == Operator.EQ || c.op() == Operator.NE)) {
			boolean equal = c.op() == Operator.EQ;
			return values -> {
				Object actual = values.get(slot);
				return (actual instanceof String string ? string.equals(text) : Values.equal(actual, text)) == equal;
			};
		}
		return switch (c.op()) {
			case EQ -> values -> Values.equal(values.get(slot), expected);
			case NE -> values -> !Values.equal(values.get(slot), expected);
			case GT -> ordered(slot, expected, order -> order > 0);
			case GTE -> ordered(slot, expected, order -> order >= 0);
			case LT -> ordered(slot, expected, order -> order < 0);
			case LTE -> ordered(slot, expected, order -> order <= 0);
			case BETWEEN -> {
				List<?> range = (List<?>) expected;
				Object low = range.get(0);
				Object high = range.get(1);
				yield values -> {
					Object actual = values.get(slot);
					return Values.compare(actual, low, order -> order >= 0) && Values.compare(actual, high, order -> order <= 0);
				};
			}
			case IN -> {
				Object[] allowed = ((Collection<?>) expected).toArray();
				yield values -> Values.in(values.get(slot), allowed);
			}
			case NOT_IN -> {
				Object[] excluded = ((Collection<?>) expected).toArray();
				yield values -> !Values.in(values.get(slot), excluded);
			}
			case CONTAINS -> values -> Values.contains(values.get(slot), expected);
			case STARTS_WITH -> {
				String prefix = expected.toString();
				yield values -> {
					Object actual = values.get(slot);
					return actual != null && actual.toString().startsWith(prefix);
				};
			}
			case EXISTS -> {
				boolean shouldExist = Boolean.TRUE.equals(expected);
				yield values -> (values.get(slot) != null) == shouldExist;
			}
			case CHANGED_TO -> {
				String name = c.feature();
				// An event field is new with every event: it "changed" when it is there, already read into its slot.
				if (name.startsWith(EvaluationInput.EVENT_PREFIX)) {
					yield values -> values.get(slot) != null && Values.equal(values.get(slot), expected);
				}
				yield values -> values.input().changed().contains(name) && Values.equal(values.get(slot), expected);
			}
		};
	}

	/**
	 * Fast paths for the most common comparisons, a count against a whole number: a long comparison with
	 * no boxing and no indirection when the feature is a long too, as counts are. Anything else takes the
	 * general path, so the result is the same.
	 */
	private static Check integral(Operator op, int slot, long e, Object expected) {
		return switch (op) {
			case EQ -> values -> values.get(slot) instanceof Long actual ? actual == e : Values.equal(values.get(slot), expected);
			case NE -> values -> values.get(slot) instanceof Long actual ? actual != e : !Values.equal(values.get(slot), expected);
			case GT -> values -> values.get(slot) instanceof Long actual ? actual > e : Values.compare(values.get(slot), expected, order -> order > 0);
			case GTE -> values -> values.get(slot) instanceof Long actual ? actual >= e : Values.compare(values.get(slot), expected, order -> order >= 0);
			case LT -> values -> values.get(slot) instanceof Long actual ? actual < e : Values.compare(values.get(slot), expected, order -> order < 0);
			case LTE -> values -> values.get(slot) instanceof Long actual ? actual <= e : Values.compare(values.get(slot), expected, order -> order <= 0);
			default -> null;
		};
	}

	private static Check ordered(int slot, Object expected, IntPredicate test) {
		return values -> Values.compare(values.get(slot), expected, test);
	}

	/** A compiled condition. */
	@FunctionalInterface
	interface Check {

		boolean test(Resolved values);

	}

	/** The names the conditions of one release read, each with its slot and how to read it. */
	static final class Names {

		private final Map<String, Integer> slots = new HashMap<>();

		private final List<Function<EvaluationInput, Object>> readers = new ArrayList<>();

		int slot(String name) {
			return slots.computeIfAbsent(name, key -> {
				readers.add(EvaluationInput.accessor(key));
				return readers.size() - 1;
			});
		}

		/** Reads every name once, for one evaluation. */
		Resolved resolve(EvaluationInput input) {
			Object[] values = new Object[readers.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = readers.get(i).apply(input);
			}
			return new Resolved(input, values);
		}

	}

	/** The values of one evaluation, by slot, and the input they were read from. */
	record Resolved(EvaluationInput input, Object[] values) {

		Object get(int slot) {
			return values[slot];
		}

	}

}
