package io.onramp.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Rules in plain words, as rules-admin shows them beside the editor and simulation explains them. */
public final class RuleText {

	private RuleText() {
	}

	public static String describe(Condition condition) {
		if (condition instanceof Condition.All all) {
			return all.of().isEmpty() ? "always" : join(all.of(), " and ");
		}
		if (condition instanceof Condition.Any any) {
			return any.of().isEmpty() ? "never" : join(any.of(), " or ");
		}
		if (condition instanceof Condition.Not not) {
			return "not (" + describe(not.of()) + ")";
		}
		Comparison c = (Comparison) condition;
		return switch (c.op()) {
			case EXISTS -> c.feature() + (Boolean.TRUE.equals(c.value()) ? " has a value" : " has no value");
			case BETWEEN -> c.feature() + " is between " + value(((List<?>) c.value()).get(0)) + " and "
					+ value(((List<?>) c.value()).get(1));
			default -> c.feature() + " " + c.op().words() + " " + value(c.value());
		};
	}

	public static String describe(Action action) {
		if (action instanceof Action.SetLayout a) {
			return "use the " + a.layout() + " layout";
		}
		if (action instanceof Action.SetDensity a) {
			return "show " + a.density() + " content density";
		}
		if (action instanceof Action.SetFeature a) {
			return (a.enabled() ? "offer " : "hide ") + a.feature();
		}
		if (action instanceof Action.ShowHint a) {
			return "show the hint \"" + a.text() + "\"";
		}
		return "order the checklist " + String.join(", ", ((Action.ReorderChecklist) action).order());
	}

	/** The whole rule in one sentence, for instance "When device_type is 'mobile': use the compact layout...". */
	public static String describe(Rule rule) {
		StringBuilder text = new StringBuilder("When ").append(describe(rule.condition())).append(": ")
			.append(rule.actions().stream().map(RuleText::describe).collect(Collectors.joining(", ")));
		Audience audience = rule.audience();
		if (audience.percentage() < 100) {
			text.append("; for ").append(trim(audience.percentage())).append("% of users");
		}
		if (rule.activeFrom() != null) {
			text.append("; from ").append(rule.activeFrom());
		}
		if (rule.activeTo() != null) {
			text.append("; until ").append(rule.activeTo());
		}
		if (rule.frequencyCap() != null) {
			text.append("; ").append(describe(rule.frequencyCap()));
		}
		return text.append('.').toString();
	}

	public static String describe(FrequencyCap cap) {
		return switch (cap.kind()) {
			case ONCE_PER_USER -> "at most once per user";
			case ONCE_PER_SESSION -> "at most once per session";
			case COOLDOWN -> "at most once every " + cap.cooldown().toString().substring(2).toLowerCase();
		};
	}

	private static String join(List<Condition> parts, String separator) {
		return parts.size() == 1 ? describe(parts.get(0))
				: parts.stream().map(part -> "(" + describe(part) + ")").collect(Collectors.joining(separator));
	}

	private static String value(Object value) {
		if (value instanceof List<?> values) {
			return values.stream().map(RuleText::value).collect(Collectors.joining(", ", "[", "]"));
		}
		return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
	}

	private static String trim(double percentage) {
		return percentage == Math.rint(percentage) ? Long.toString((long) percentage) : Double.toString(percentage);
	}

}
