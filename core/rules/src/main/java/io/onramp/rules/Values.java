package io.onramp.rules;

import java.util.Collection;
import java.util.function.IntPredicate;

/**
 * How rules compare values: numbers numerically (whatever their Java type), everything else as text.
 * An absent value equals nothing but absence and has no order.
 */
final class Values {

	private Values() {
	}

	static boolean equal(Object actual, Object expected) {
		if (actual instanceof Number a && expected instanceof Number e) {
			return compareNumbers(a, e) == 0;
		}
		if (actual == null || expected == null) {
			return actual == expected;
		}
		if (actual instanceof String a && expected instanceof String e) {
			return a.equals(e);
		}
		return actual.toString().equals(expected.toString());
	}

	/** Applies {@code test} to the order of actual against expected; false when they have no order. */
	static boolean compare(Object actual, Object expected, IntPredicate test) {
		if (actual instanceof Number a && expected instanceof Number e) {
			return test.test(compareNumbers(a, e));
		}
		if (actual == null || actual instanceof Number || expected instanceof Number || actual instanceof Boolean) {
			return false;
		}
		return test.test(actual.toString().compareTo(expected.toString()));
	}

	static boolean in(Object actual, Object[] values) {
		for (Object value : values) {
			if (equal(actual, value)) {
				return true;
			}
		}
		return false;
	}

	static boolean contains(Object actual, Object expected) {
		if (actual instanceof Collection<?> values) {
			for (Object value : values) {
				if (equal(value, expected)) {
					return true;
				}
			}
			return false;
		}
		return actual != null && actual.toString().contains(expected.toString());
	}

	private static int compareNumbers(Number a, Number e) {
		if (isIntegral(a) && isIntegral(e)) {
			return Long.compare(a.longValue(), e.longValue());
		}
		return Double.compare(a.doubleValue(), e.doubleValue());
	}

	private static boolean isIntegral(Number n) {
		return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
	}

}
