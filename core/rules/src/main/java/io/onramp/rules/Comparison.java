package io.onramp.rules;

/**
 * Compares one feature (or {@code event.type}) with a value.
 *
 * @param feature the feature name, for instance {@code device_type}
 * @param op the operator
 * @param value the value to compare with: text, a number, a boolean or, for some operators, a list
 */
public record Comparison(String feature, Operator op, Object value) implements Condition {
}
