package io.onramp.rules;

import java.util.Arrays;
import java.util.Locale;

/** How a {@link Comparison} compares a feature with its value. Names are the JSON form, in snake case. */
public enum Operator {

	EQ, NE, GT, GTE, LT, LTE,
	/** The value is a two-element list {@code [low, high]}, both inclusive. */
	BETWEEN,
	/** The value is a list; the feature equals one of them. */
	IN, NOT_IN,
	/** Text contains the value as a substring. */
	CONTAINS, STARTS_WITH,
	/** The value is {@code true} (the feature is present) or {@code false} (absent). */
	EXISTS,
	/** The feature changed in this very update, to a value equal to the given one. */
	CHANGED_TO;

	/** How the operator reads in a sentence, for people. */
	public String words() {
		return switch (this) {
			case EQ -> "is";
			case NE -> "is not";
			case GT -> "is greater than";
			case GTE -> "is at least";
			case LT -> "is less than";
			case LTE -> "is at most";
			case BETWEEN -> "is between";
			case IN -> "is one of";
			case NOT_IN -> "is none of";
			case CONTAINS -> "contains";
			case STARTS_WITH -> "starts with";
			case EXISTS -> "exists";
			case CHANGED_TO -> "changed to";
		};
	}

	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Operator fromJson(String name) {
		return Arrays.stream(values())
			.filter(op -> op.jsonName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown operator '" + name + "'; use one of "
					+ Arrays.stream(values()).map(Operator::jsonName).toList()));
	}

}
