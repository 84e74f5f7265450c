package io.onramp.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Whether a new version of a JSON Schema accepts every document the previous version accepted (backward
 * compatibility, as schema registries define it), judged on the schemas' structure.
 *
 * <p>It walks both schemas side by side and reports every place where the new one is stricter: a newly
 * required property, a narrower type, fewer enum values, a tighter bound or length, a new pattern or
 * format, {@code additionalProperties} closed or a property dropped from a closed object. A keyword it does
 * not know how to compare is reported too, so a schema never passes unverified. The build runs it over
 * every pair of consecutive versions of every event type (and checks each version's {@code examples}
 * against all later versions).
 */
public final class SchemaCompatibility {

	/** Keywords that only describe and never restrict. */
	private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples",
			"default", "$comment", "deprecated", "readOnly", "writeOnly");

	/** Keywords this check compares. */
	private static final Set<String> CHECKED = Set.of("type", "required", "properties", "additionalProperties", "enum",
			"const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems",
			"maxItems", "maxProperties", "minProperties", "pattern", "format", "items");

	private SchemaCompatibility() {
	}

	/** The places where {@code newer} rejects what {@code older} accepted; empty when compatible. */
	public static List<String> problems(JsonNode older, JsonNode newer) {
		List<String> problems = new ArrayList<>();
		compare("(root)", older, newer, problems);
		return problems;
	}

	private static void compare(String path, JsonNode older, JsonNode newer, List<String> problems) {
		if (newer == null || newer.isMissingNode() || (newer.isBoolean() && newer.asBoolean())) {
			return;
		}
		if (newer.isBoolean()) {
			problems.add(path + ": the new version rejects everything here");
			return;
		}
		JsonNode old = older == null || older.isMissingNode() ? OnrampJson.mapper().createObjectNode() : older;
		for (String keyword : newer.propertyNames()) {
			if (!ANNOTATIONS.contains(keyword) && !CHECKED.contains(keyword)) {
				problems.add(path + ": keyword '" + keyword + "' cannot be checked for compatibility");
			}
		}
		types(path, old, newer, problems);
		Set<String> oldRequired = strings(old.get("required"));
		for (String required : strings(newer.get("required"))) {
			if (!oldRequired.contains(required)) {
				problems.add(path + ": '" + required + "' is newly required");
			}
		}
		values(path, "enum", old, newer, problems);
		values(path, "const", old, newer, problems);
		lower(path, "minimum", old, newer, problems);
		lower(path, "exclusiveMinimum", old, newer, problems);
		lower(path, "minLength", old, newer, problems);
		lower(path, "minItems", old, newer, problems);
		lower(path, "minProperties", old, newer, problems);
		higher(path, "maximum", old, newer, problems);
		higher(path, "exclusiveMaximum", old, newer, problems);
		higher(path, "maxLength", old, newer, problems);
		higher(path, "maxItems", old, newer, problems);
		higher(path, "maxProperties", old, newer, problems);
		same(path, "pattern", old, newer, problems);
		same(path, "format", old, newer, problems);
		JsonNode newAdditional = newer.get("additionalProperties");
		boolean newClosed = newAdditional != null && newAdditional.isBoolean() && !newAdditional.asBoolean();
		JsonNode oldAdditional = old.get("additionalProperties");
		boolean oldClosed = oldAdditional != null && oldAdditional.isBoolean() && !oldAdditional.asBoolean();
		if (newClosed && !oldClosed) {
			problems.add(path + ": additionalProperties is newly false");
		}
		JsonNode oldProperties = old.path("properties");
		JsonNode newProperties = newer.path("properties");
		for (String name : newProperties.propertyNames()) {
			compare(path + "." + name, oldProperties.get(name), newProperties.get(name), problems);
		}
		if (newClosed) {
			for (String name : oldProperties.propertyNames()) {
				if (!newProperties.has(name)) {
					problems.add(path + ": property '" + name + "' is dropped from a closed object");
				}
			}
		}
		if (newer.has("items")) {
			compare(path + "[]", old.get("items"), newer.get("items"), problems);
		}
	}

	private static void types(String path, JsonNode old, JsonNode newer, List<String> problems) {
		if (!newer.has("type")) {
			return;
		}
		Set<String> newTypes = strings(newer.get("type"));
		if (newTypes.contains("number")) {
			newTypes.add("integer");
		}
		Set<String> oldTypes = old.has("type") ? strings(old.get("type"))
				: Set.of("object", "array", "string", "number", "integer", "boolean", "null");
		for (String type : oldTypes) {
			if (!newTypes.contains(type)) {
				problems.add(path + ": type " + type + " is no longer accepted");
			}
		}
	}

	private static void values(String path, String keyword, JsonNode old, JsonNode newer, List<String> problems) {
		if (!newer.has(keyword)) {
			return;
		}
		if (!old.has(keyword)) {
			problems.add(path + ": '" + keyword + "' newly restricts the values");
			return;
		}
		Set<JsonNode> newValues = nodes(newer.get(keyword));
		for (JsonNode value : nodes(old.get(keyword))) {
			if (!newValues.contains(value)) {
				problems.add(path + ": value " + value + " is no longer accepted");
			}
		}
	}

	private static void lower(String path, String keyword, JsonNode old, JsonNode newer, List<String> problems) {
		if (newer.has(keyword) && (!old.has(keyword) || newer.get(keyword).asDouble() > old.get(keyword).asDouble())) {
			problems.add(path + ": " + keyword + " is raised to " + newer.get(keyword));
		}
	}

	private static void higher(String path, String keyword, JsonNode old, JsonNode newer, List<String> problems) {
		if (newer.has(keyword) && (!old.has(keyword) || newer.get(keyword).asDouble() < old.get(keyword).asDouble())) {
			problems.add(path + ": " + keyword + " is lowered to " + newer.get(keyword));
		}
	}

	private static void same(String path, String keyword, JsonNode old, JsonNode newer, List<String> problems) {
		if (newer.has(keyword) && !newer.get(keyword).equals(old.get(keyword))) {
			problems.add(path + ": " + keyword + " is newly " + newer.get(keyword));
		}
	}

	private static Set<String> strings(JsonNode node) {
		Set<String> values = new HashSet<>();
		if (node == null) {
			return values;
		}
		if (node.isArray()) {
			node.forEach(value -> values.add(value.asString()));
		}
		else {
			values.add(node.asString());
		}
		return values;
	}

	private static Set<JsonNode> nodes(JsonNode node) {
		Set<JsonNode> values = new HashSet<>();
		if (node.isArray()) {
			node.forEach(values::add);
		}
		else {
			values.add(node);
		}
		return values;
	}

}
