package io.onramp.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.onramp.contracts.Experience;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.Action.ReorderChecklist;
import io.onramp.rules.Action.SetDensity;
import io.onramp.rules.Action.SetFeature;
import io.onramp.rules.Action.SetLayout;
import io.onramp.rules.Action.ShowHint;

/**
 * The JSON form of rulesets, as stored in Redis and shipped as the starter ruleset.
 *
 * <pre>{@code
 * {"release": "starter-1",
 *  "defaults": {"layout": "standard", "density": "high", "features": {...}, "hint": {...}, "checklist": [...]},
 *  "rules": [{"id": "mobile-compact", "version": 1, "name": "...", "priority": 100, "enabled": true,
 *             "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
 *             "then": [{"setLayout": "compact"}, {"setDensity": "low"}, {"enableFeature": "quick_actions"},
 *                      {"disableFeature": "bulk_import"}, {"showHint": {"id": "...", "text": "..."}},
 *                      {"reorderChecklist": ["profile", "invite_team"]}]}]}
 * }</pre>
 *
 * Conditions nest {@code all}, {@code any} and {@code not}; a comparison names a {@code feature}, an
 * {@code op} (see {@link Operator}) and a {@code value}. Anything else is refused with the path of the
 * offending element.
 */
public final class RulesetJson {

	private static final Set<String> LAYOUTS = Set.of(Experience.LAYOUT_STANDARD, Experience.LAYOUT_COMPACT);

	private static final Set<String> DENSITIES = Set.of("high", "medium", "low");

	private RulesetJson() {
	}

	public static Ruleset read(String json) {
		try {
			return ruleset(OnrampJson.mapper().readTree(json));
		}
		catch (JacksonException ex) {
			throw new RuleDefinitionException("(ruleset)", "not valid JSON: " + ex.getOriginalMessage());
		}
	}

	public static Ruleset readResource(String resource) {
		try (InputStream in = RulesetJson.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No ruleset resource " + resource);
			}
			return read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Ruleset ruleset(JsonNode node) {
		String release = text(node, "release", "release");
		Experience defaults = OnrampJson.mapper().treeToValue(required(node, "defaults", "defaults"), Experience.class);
		List<Rule> rules = new ArrayList<>();
		JsonNode rulesNode = required(node, "rules", "rules");
		for (int i = 0; i < rulesNode.size(); i++) {
			rules.add(rule(rulesNode.get(i), "rules[" + i + "]"));
		}
		Set<String> ids = new java.util.HashSet<>();
		for (int i = 0; i < rules.size(); i++) {
			if (!ids.add(rules.get(i).id())) {
				throw new RuleDefinitionException("rules[" + i + "].id", "another rule already has id '" + rules.get(i).id() + "'");
			}
		}
		return new Ruleset(release, defaults, rules);
	}

	public static Rule rule(JsonNode node, String path) {
		String id = text(node, "id", path + ".id");
		int version = node.path("version").asInt(1);
		String name = node.path("name").asString(id);
		String description = node.path("description").asString("");
		int priority = node.path("priority").asInt(0);
		boolean enabled = node.path("enabled").asBoolean(true);
		Condition condition = condition(required(node, "when", path + ".when"), path + ".when");
		JsonNode then = required(node, "then", path + ".then");
		if (!then.isArray() || then.isEmpty()) {
			throw new RuleDefinitionException(path + ".then", "a rule needs at least one action");
		}
		List<Action> actions = new ArrayList<>();
		for (int i = 0; i < then.size(); i++) {
			actions.add(action(then.get(i), path + ".then[" + i + "]"));
		}
		return new Rule(id, version, name, description, priority, enabled, condition, actions);
	}

	static Condition condition(JsonNode node, String path) {
		if (!node.isObject()) {
			throw new RuleDefinitionException(path, "a condition must be an object");
		}
		if (node.has("all") || node.has("any")) {
			String key = node.has("all") ? "all" : "any";
			JsonNode parts = node.get(key);
			if (!parts.isArray()) {
				throw new RuleDefinitionException(path + "." + key, "must be a list of conditions");
			}
			List<Condition> conditions = new ArrayList<>();
			for (int i = 0; i < parts.size(); i++) {
				conditions.add(condition(parts.get(i), path + "." + key + "[" + i + "]"));
			}
			return key.equals("all") ? new Condition.All(conditions) : new Condition.Any(conditions);
		}
		if (node.has("not")) {
			return new Condition.Not(condition(node.get("not"), path + ".not"));
		}
		return comparison(node, path);
	}

	private static Comparison comparison(JsonNode node, String path) {
		String feature = text(node, "feature", path + ".feature");
		Operator op;
		try {
			op = Operator.fromJson(text(node, "op", path + ".op"));
		}
		catch (IllegalArgumentException ex) {
			throw new RuleDefinitionException(path + ".op", ex.getMessage());
		}
		JsonNode valueNode = node.get("value");
		if (valueNode == null || valueNode.isNull()) {
			throw new RuleDefinitionException(path + ".value", "'" + op.jsonName() + "' needs a value to compare with");
		}
		Object value = OnrampJson.mapper().treeToValue(valueNode, Object.class);
		switch (op) {
			case BETWEEN -> {
				if (!(value instanceof List<?> range) || range.size() != 2 || !(range.get(0) instanceof Number)
						|| !(range.get(1) instanceof Number)) {
					throw new RuleDefinitionException(path + ".value", "'between' needs two numbers, [low, high]");
				}
			}
			case IN, NOT_IN -> {
				if (!(value instanceof List<?>)) {
					throw new RuleDefinitionException(path + ".value", "'" + op.jsonName() + "' needs a list of values");
				}
			}
			case EXISTS -> {
				if (!(value instanceof Boolean)) {
					throw new RuleDefinitionException(path + ".value", "'exists' needs true or false");
				}
			}
			case GT, GTE, LT, LTE -> {
				if (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Boolean) {
					throw new RuleDefinitionException(path + ".value", "'" + op.jsonName() + "' needs a number or a text");
				}
			}
			default -> {
				if (value instanceof List<?> || value instanceof Map<?, ?>) {
					throw new RuleDefinitionException(path + ".value", "'" + op.jsonName() + "' needs a single value");
				}
			}
		}
		return new Comparison(feature, op, value);
	}

	private static Action action(JsonNode node, String path) {
		if (!node.isObject() || node.size() != 1) {
			throw new RuleDefinitionException(path, "an action is an object with exactly one key, such as {\"setLayout\": \"compact\"}");
		}
		String kind = node.propertyNames().iterator().next();
		JsonNode arg = node.get(kind);
		return switch (kind) {
			case "setLayout" -> new SetLayout(oneOf(arg, LAYOUTS, path + ".setLayout"));
			case "setDensity" -> new SetDensity(oneOf(arg, DENSITIES, path + ".setDensity"));
			case "enableFeature" -> new SetFeature(nonBlank(arg, path + ".enableFeature"), true);
			case "disableFeature" -> new SetFeature(nonBlank(arg, path + ".disableFeature"), false);
			case "showHint" -> new ShowHint(text(arg, "id", path + ".showHint.id"), text(arg, "text", path + ".showHint.text"));
			case "reorderChecklist" -> {
				if (!arg.isArray() || arg.isEmpty()) {
					throw new RuleDefinitionException(path + ".reorderChecklist", "needs a list of checklist item ids");
				}
				List<String> order = new ArrayList<>();
				arg.forEach(item -> order.add(item.asString()));
				yield new ReorderChecklist(order);
			}
			default -> throw new RuleDefinitionException(path, "unknown action '" + kind
					+ "'; use setLayout, setDensity, enableFeature, disableFeature, showHint or reorderChecklist");
		};
	}

	private static JsonNode required(JsonNode node, String field, String path) {
		JsonNode value = node == null ? null : node.get(field);
		if (value == null || value.isNull()) {
			throw new RuleDefinitionException(path, "is required");
		}
		return value;
	}

	private static String text(JsonNode node, String field, String path) {
		return nonBlank(required(node, field, path), path);
	}

	private static String nonBlank(JsonNode node, String path) {
		if (!node.isString() || node.asString().isBlank()) {
			throw new RuleDefinitionException(path, "must be a non-empty text");
		}
		return node.asString();
	}

	private static String oneOf(JsonNode node, Set<String> allowed, String path) {
		String value = nonBlank(node, path);
		if (!allowed.contains(value)) {
			throw new RuleDefinitionException(path, "'" + value + "' is not one of " + allowed.stream().sorted().toList());
		}
		return value;
	}

}
