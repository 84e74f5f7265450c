package io.onramp.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;

/**
 * The versioned JSON Schemas of {@link Event}, and validation against them.
 *
 * <p>Every event follows the envelope ({@code onramp/schemas/event/v1.json}: who, when, where, which
 * type) and its type's own schema at a version ({@code onramp/schemas/types/<type>/v<N>.json}: for
 * instance {@code step_completed} requires {@code properties.step}). {@code schemaVersion} names the
 * type schema version an event follows; absent, the latest. The resource {@code onramp/schemas/index.json}
 * lists the types and their versions. This class only loads the schemas and turns the validator's errors
 * into {@link Violation}s that name the failing field; a new version must accept every event the
 * previous one accepted (checked at build time by {@code SchemaCompatibility}).
 */
public final class EventSchema {

	private static final String ROOT = "onramp/schemas/";

	private static final EventSchema CURRENT = load();

	private final int envelopeVersion;

	private final Schema envelope;

	private final Map<String, SortedMap<Integer, Schema>> types;

	private EventSchema(int envelopeVersion, Schema envelope, Map<String, SortedMap<Integer, Schema>> types) {
		this.envelopeVersion = envelopeVersion;
		this.envelope = envelope;
		this.types = types;
	}

	public static EventSchema current() {
		return CURRENT;
	}

	private static EventSchema load() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
		JsonNode index = OnrampJson.mapper().readTree(resource(ROOT + "index.json"));
		int envelopeVersion = index.get("envelope").asInt();
		Schema envelope = registry.getSchema(resource(envelopePath(envelopeVersion)));
		Map<String, SortedMap<Integer, Schema>> types = new LinkedHashMap<>();
		index.get("types").properties().forEach(entry -> {
			SortedMap<Integer, Schema> versions = new TreeMap<>();
			entry.getValue().forEach(version -> versions.put(version.asInt(),
					registry.getSchema(resource(typePath(entry.getKey(), version.asInt())))));
			types.put(entry.getKey(), Collections.unmodifiableSortedMap(versions));
		});
		return new EventSchema(envelopeVersion, envelope, Collections.unmodifiableMap(types));
	}

	/** The classpath resource of the envelope schema at a version. */
	public static String envelopePath(int version) {
		return ROOT + "event/v" + version + ".json";
	}

	/** The classpath resource of a type's schema at a version. */
	public static String typePath(String type, int version) {
		return ROOT + "types/" + type + "/v" + version + ".json";
	}

	/** The text of a schema resource. */
	public static String resource(String path) {
		try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalArgumentException("No schema resource " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The envelope's version. */
	public int envelopeVersion() {
		return envelopeVersion;
	}

	/** Each event type with its schema versions, oldest first. */
	public Map<String, List<Integer>> types() {
		Map<String, List<Integer>> versions = new LinkedHashMap<>();
		types.forEach((type, schemas) -> versions.put(type, List.copyOf(schemas.keySet())));
		return versions;
	}

	/** The type schema version an event follows: its {@code schemaVersion}, else its type's latest. */
	public int versionOf(JsonNode event) {
		JsonNode declared = event.get("schemaVersion");
		if (declared != null && declared.canConvertToInt()) {
			return declared.asInt();
		}
		SortedMap<Integer, Schema> versions = types.get(event.path("type").asString(""));
		return versions == null ? 1 : versions.lastKey();
	}

	/** Validates one event; an empty list means it is valid. Violations are sorted by field. */
	public List<Violation> validate(JsonNode event) {
		// The validator fails (an exception, not an error) on a number beyond the 64-bit range where a
		// bound applies; such a number is never a valid event field, so report it by its path first.
		List<Violation> outOfRange = new ArrayList<>();
		findHugeNumbers(event, "", outOfRange);
		if (!outOfRange.isEmpty()) {
			return outOfRange;
		}
		List<Violation> violations = new ArrayList<>(violations(envelope, event));
		if (violations.isEmpty()) {
			String type = event.get("type").asString();
			SortedMap<Integer, Schema> versions = types.get(type);
			int version = versionOf(event);
			Schema typeSchema = versions == null ? null : versions.get(version);
			if (typeSchema == null) {
				violations.add(new Violation("schemaVersion", "event type " + type + " has no schema version " + version
						+ "; its versions are " + (versions == null ? "none" : versions.keySet())));
			}
			else {
				violations.addAll(violations(typeSchema, event));
			}
		}
		violations.sort(Comparator.comparing(Violation::field));
		return violations.stream().distinct().toList();
	}

	private static void findHugeNumbers(JsonNode node, String path, List<Violation> found) {
		if (node.isNumber() && !node.canConvertToLong()) {
			found.add(new Violation(path.isEmpty() ? "(event)" : path, "the number " + node + " is out of range"));
		}
		else if (node.isObject()) {
			node.properties().forEach(entry -> findHugeNumbers(entry.getValue(),
					path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), found));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				findHugeNumbers(node.get(i), path + "[" + i + "]", found);
			}
		}
	}

	private static List<Violation> violations(Schema schema, JsonNode event) {
		List<Violation> violations = new ArrayList<>();
		for (Error error : schema.validate(event)) {
			// The only anyOf says "userId or anonymousId": report it once, in those words.
			if (error.getEvaluationPath().toString().contains("anyOf")) {
				violations.add(new Violation("userId", "either userId or anonymousId is required"));
				continue;
			}
			violations.add(new Violation(fieldOf(error), messageOf(error)));
		}
		return violations;
	}

	private static String fieldOf(Error error) {
		String field = jsonPointerToField(error.getInstanceLocation());
		if (error.getProperty() != null) {
			field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
		}
		return field.isEmpty() ? "(event)" : field;
	}

	private static String jsonPointerToField(NodePath path) {
		StringBuilder field = new StringBuilder();
		for (int i = 0; i < path.getNameCount(); i++) {
			Object element = path.getElement(i);
			if (element instanceof Integer index) {
				field.append('[').append(index).append(']');
			}
			else {
				if (!field.isEmpty()) {
					field.append('.');
				}
				field.append(element);
			}
		}
		return field.toString();
	}

	private static String messageOf(Error error) {
		// The library prefixes messages with the instance location ("$.context.device: ..."); the field
		// is reported separately, so keep only the reason.
		String message = error.getMessage();
		int colon = message.indexOf(": ");
		return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
	}

	/**
	 * One reason an event was rejected.
	 *
	 * @param field the failing field as a dotted path, for instance {@code context.device}
	 * @param message why it failed, in words
	 */
	public record Violation(String field, String message) {
	}

}
