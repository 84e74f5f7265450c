package io.onramp.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.onramp.contracts.Experience;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.Action.ReorderChecklist;
import io.onramp.rules.Action.SetDensity;
import io.onramp.rules.Action.SetFeature;
import io.onramp.rules.Action.SetLayout;
import io.onramp.rules.Action.ShowHint;

/**
 * The JSON form of rules, rulesets and releases, as stored in Redis, shipped as the starter ruleset and
 * exchanged with rules-admin.
 *
 * <pre>{@code
 * {"defaults": {"layout": "standard", "density": "high", "features": {...}, "hint": {...}, "checklist": [...]},
 *  "rules": [{"id": "mobile-compact", "version": 1, "name": "...", "description": "...", "priority": 100,
 *             "enabled": true, "activeFrom": "2026-12-01T00:00:00Z", "activeTo": null,
 *             "audience": {"percentage": 50, "include": ["u-1"], "exclude": []},
 *             "frequencyCap": "once_per_user" | "once_per_session" | {"cooldown": "PT10M"},
 *             "tags": ["mobile"],
 *             "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
 *             "then": [{"setLayout": "compact"}, {"setDensity": "low"}, {"enableFeature": "quick_actions"},
 *                      {"disableFeature": "bulk_import"}, {"showHint": {"id": "...", "text": "..."}},
 *                      {"reorderChecklist": ["profile", "invite_team"]}]}]}
 * }</pre>
 *
 * A release wraps a ruleset: {@code {"release": 7, "publishedAt": "...", "publishedBy": "...", "ruleset": {...}}}.
 * Conditions nest {@code all}, {@code any} and {@code not}; a comparison names a {@code feature} (or an
 * {@code event.} field), an {@code op} (see {@link Operator}) and a {@code value}. Anything malformed is
 * refused with the path of the offending element; whether the features exist is {@link RulesetValidator}'s
 * concern.
 */
public final class RulesetJson {

	private static final Set<String> LAYOUTS = Set.of(Experience.LAYOUT_STANDARD, Experience.LAYOUT_COMPACT);

	private static final Set<String> DENSITIES = Set.of("high", "medium", "low");

	private RulesetJson() {
	}

	public static Ruleset read(String json) {
		return ruleset(tree(json), "");
	}

	public static RulesetRelease readRelease(String json) {
		JsonNode node = tree(json);
		long number = required(node, "release", "release").asLong();
		Instant publishedAt = instant(node.get("publishedAt"), "publishedAt");
		String publishedBy = node.path("publishedBy").asString("");
		return new RulesetRelease(number, publishedAt, publishedBy, ruleset(required(node, "ruleset", "ruleset"), "ruleset."));
	}

	public static Rule readRule(String json) {
		return rule(tree(json), "rule");
	}

	public static Ruleset readResource(String resource) {
		try (InputStream in = RulesetJson.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No ruleset resource " + resource);
			}
			return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode tree(String json) {
		try {
			return OnrampJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new RuleDefinitionException("(document)", "not valid JSON: " + ex.getOriginalMessage());
		}
	}

	private static Ruleset ruleset(JsonNode node, String at) {
		Experience defaults = experience(required(node, "defaults", at + "defaults"), at + "defaults");
		JsonNode rulesNode = required(node, "rules", at + "rules");
		if (!rulesNode.isArray()) {
			throw new RuleDefinitionException(at + "rules", "must be a list of rules");
		}
		List<Rule> rules = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < rulesNode.size(); i++) {
			String path = at + "rules[" + i + "]";
			Rule rule = rule(rulesNode.get(i), path);
			if (!ids.add(rule.id())) {
				throw new RuleDefinitionException(path + ".id", "another rule already has the id '" + rule.id() + "'");
			}
			rules.add(rule);
		}
		return new Ruleset(defaults, rules);
	}

	private static Experience experience(JsonNode node, String path) {
		try {
			return OnrampJson.mapper().treeToValue(node, Experience.class);
		}
		catch (JacksonException ex) {
			throw new RuleDefinitionException(path, "is not an experience: " + ex.getOriginalMessage());
		}
	}

	static Rule rule(JsonNode node, String path) {
		if (node == null || !node.isObject()) {
			throw new RuleDefinitionException(path, "a rule must be an object");
		}
		String id = text(node, "id", path + ".id");
		int version = node.path("version").asInt(1);
		String name = node.path("name").asString(id);
		String description = node.path("description").asString("");
		int priority = node.path("priority").asInt(0);
		boolean enabled = node.path("enabled").asBoolean(true);
		Instant activeFrom = instant(node.get("activeFrom"), path + ".activeFrom");
		Instant activeTo = instant(node.get("activeTo"), path + ".activeTo");
		Audience audience = audience(node.get("audience"), path + ".audience");
		FrequencyCap cap = frequencyCap(node.get("frequencyCap"), path + ".frequencyCap");
		List<String> tags = new ArrayList<>();
		node.path("tags").forEach(tag -> tags.add(tag.asString()));
		Condition condition = condition(required(node, "when", path + ".when"), path + ".when");
		JsonNode then = required(node, "then", path + ".then");
		if (!then.isArray() || then.isEmpty()) {
			throw new RuleDefinitionException(path + ".then", "a rule needs at least one action");
		}
		List<Action> actions = new ArrayList<>();
		for (int i = 0; i < then.size(); i++) {
			actions.add(action(then.get(i), path + ".then[" + i + "]"));
		}
		return new Rule(id, version, name, description, priority, enabled, activeFrom, activeTo, audience, cap, tags,
				condition, actions);
	}

	private static Instant instant(JsonNode node, String path) {
		if (node == null || node.isNull()) {
			return null;
		}
		try {
			return Instant.parse(node.asString());
		}
		catch (DateTimeParseException ex) {
			throw new RuleDefinitionException(path, "'" + node.asString() + "' is not a date and time such as 2026-12-01T00:00:00Z");
		}
	}

	private static Audience audience(JsonNode node, String path) {
		if (node == null || node.isNull()) {
			return Audience.EVERYONE;
		}
		JsonNode percentage = node.get("percentage");
		if (percentage != null && !percentage.isNumber()) {
			throw new RuleDefinitionException(path + ".percentage", "must be a number from 0 to 100");
		}
		return new Audience(percentage == null ? 100 : percentage.asDouble(), strings(node.get("include")),
				strings(node.get("exclude")));
	}

	private static Set<String> strings(JsonNode node) {
		Set<String> values = new LinkedHashSet<>();
		if (node != null) {
			node.forEach(value -> values.add(value.asString()));
		}
		return values;
	}

	private static FrequencyCap frequencyCap(JsonNode node, String path) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return switch (node.asString()) {
				case "once_per_user" -> FrequencyCap.oncePerUser();
				case "once_per_session" -> FrequencyCap.oncePerSession();
				default -> throw new RuleDefinitionException(path,
						"'" + node.asString() + "' is not a cap; use once_per_user, once_per_session or {\"cooldown\": \"PT10M\"}");
			};
		}
		if (node.has("cooldown")) {
			try {
				return FrequencyCap.cooldown(Duration.parse(node.get("cooldown").asString()));
			}
			catch (DateTimeParseException ex) {
				throw new RuleDefinitionException(path + ".cooldown",
						"'" + node.get("cooldown").asString() + "' is not a duration such as PT10M (10 minutes) or P1D (a day)");
			}
		}
		throw new RuleDefinitionException(path, "use once_per_user, once_per_session or {\"cooldown\": \"PT10M\"}");
	}

	static Condition condition(JsonNode node, String path) {
		if (!node.isObject()) {
			throw new RuleDefinitionException(path, "a condition must be an object such as {\"feature\": ..., \"op\": ..., \"value\": ...}");
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
			throw new RuleDefinitionException(path + ".value", "'" + op.words() + "' needs a value to compare with");
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
				if (!(value instanceof List<?> values) || values.isEmpty()) {
					throw new RuleDefinitionException(path + ".value", "'" + op.words() + "' needs a list of values");
				}
			}
			case EXISTS -> {
				if (!(value instanceof Boolean)) {
					throw new RuleDefinitionException(path + ".value", "'exists' needs true or false");
				}
			}
			case GT, GTE, LT, LTE -> {
				if (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Boolean) {
					throw new RuleDefinitionException(path + ".value", "'" + op.words() + "' needs a number or a text");
				}
			}
			default -> {
				if (value instanceof List<?> || value instanceof Map<?, ?>) {
					throw new RuleDefinitionException(path + ".value", "'" + op.words() + "' needs a single value");
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

	/** The JSON form of a ruleset; {@link #read(String)} reads it back to an equal ruleset. */
	public static String write(Ruleset ruleset) {
		return OnrampJson.mapper().writeValueAsString(tree(ruleset));
	}

	/** The JSON form of one rule; {@link #readRule(String)} reads it back to an equal rule. */
	public static String write(Rule rule) {
		return OnrampJson.mapper().writeValueAsString(tree(rule));
	}

	/** The JSON form of a release; {@link #readRelease(String)} reads it back to an equal release. */
	public static String write(RulesetRelease release) {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("release", release.number());
		root.put("publishedAt", release.publishedAt() == null ? null : release.publishedAt().toString());
		root.put("publishedBy", release.publishedBy());
		root.set("ruleset", tree(release.ruleset()));
		return OnrampJson.mapper().writeValueAsString(root);
	}

	private static ObjectNode tree(Ruleset ruleset) {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.set("defaults", OnrampJson.mapper().valueToTree(ruleset.defaults()));
		ArrayNode rules = root.putArray("rules");
		ruleset.rules().forEach(rule -> rules.add(tree(rule)));
		return root;
	}

	private static ObjectNode tree(Rule rule) {
		ObjectNode r = JsonNodeFactory.instance.objectNode();
		r.put("id", rule.id());
		r.put("version", rule.version());
		r.put("name", rule.name());
		r.put("description", rule.description());
		r.put("priority", rule.priority());
		r.put("enabled", rule.enabled());
		if (rule.activeFrom() != null) {
			r.put("activeFrom", rule.activeFrom().toString());
		}
		if (rule.activeTo() != null) {
			r.put("activeTo", rule.activeTo().toString());
		}
		if (!rule.audience().equals(Audience.EVERYONE)) {
			ObjectNode audience = r.putObject("audience");
			audience.put("percentage", rule.audience().percentage());
			rule.audience().include().stream().sorted().forEach(audience.putArray("include")::add);
			rule.audience().exclude().stream().sorted().forEach(audience.putArray("exclude")::add);
		}
		if (rule.frequencyCap() != null) {
			switch (rule.frequencyCap().kind()) {
				case ONCE_PER_USER -> r.put("frequencyCap", "once_per_user");
				case ONCE_PER_SESSION -> r.put("frequencyCap", "once_per_session");
				case COOLDOWN -> r.putObject("frequencyCap").put("cooldown", rule.frequencyCap().cooldown().toString());
			}
		}
		if (!rule.tags().isEmpty()) {
			rule.tags().forEach(r.putArray("tags")::add);
		}
		r.set("when", tree(rule.condition()));
		ArrayNode then = r.putArray("then");
		rule.actions().forEach(action -> then.add(tree(action)));
		return r;
	}

	private static JsonNode tree(Condition condition) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		if (condition instanceof Condition.All all) {
			ArrayNode parts = node.putArray("all");
			all.of().forEach(c -> parts.add(tree(c)));
		}
		else if (condition instanceof Condition.Any any) {
			ArrayNode parts = node.putArray("any");
			any.of().forEach(c -> parts.add(tree(c)));
		}
		else if (condition instanceof Condition.Not not) {
			node.set("not", tree(not.of()));
		}
		else {
			Comparison c = (Comparison) condition;
			node.put("feature", c.feature());
			node.put("op", c.op().jsonName());
			node.set("value", OnrampJson.mapper().valueToTree(c.value()));
		}
		return node;
	}

	private static JsonNode tree(Action action) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		if (action instanceof SetLayout a) {
			node.put("setLayout", a.layout());
		}
		else if (action instanceof SetDensity a) {
			node.put("setDensity", a.density());
		}
		else if (action instanceof SetFeature a) {
			node.put(a.enabled() ? "enableFeature" : "disableFeature", a.feature());
		}
		else if (action instanceof ShowHint a) {
			node.putObject("showHint").put("id", a.id()).put("text", a.text());
		}
		else if (action instanceof ReorderChecklist a) {
			a.order().forEach(node.putArray("reorderChecklist")::add);
		}
		return node;
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
