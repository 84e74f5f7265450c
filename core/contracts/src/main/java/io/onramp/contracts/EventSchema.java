package io.onramp.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;

/**
 * The versioned JSON Schema of {@link Event}, and validation against it.
 *
 * <p>The schema is a resource file ({@code onramp/schemas/event/v1.json}); this class only loads it
 * and turns the validator's errors into {@link Violation}s that name the failing field.
 */
public final class EventSchema {

	/** The schema version the capture API validates against and stamps on events that carry none. */
	public static final int CURRENT_VERSION = 1;

	private static final EventSchema CURRENT = load(CURRENT_VERSION);

	private final int version;

	private final Schema schema;

	private EventSchema(int version, Schema schema) {
		this.version = version;
		this.schema = schema;
	}

	public static EventSchema current() {
		return CURRENT;
	}

	public static EventSchema load(int version) {
		String resource = "onramp/schemas/event/v" + version + ".json";
		try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No event schema version " + version + " (" + resource + ")");
			}
			SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
					builder -> builder.schemaRegistryConfig(
							SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
			return new EventSchema(version, registry.getSchema(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int version() {
		return version;
	}

	/** Validates one event; an empty list means it is valid. Violations are sorted by field. */
	public List<Violation> validate(JsonNode event) {
		List<Violation> violations = new ArrayList<>();
		for (Error error : schema.validate(event)) {
			// The only anyOf says "userId or anonymousId": report it once, in those words.
			if (error.getEvaluationPath().toString().contains("anyOf")) {
				violations.add(new Violation("userId", "either userId or anonymousId is required"));
				continue;
			}
			violations.add(new Violation(fieldOf(error), messageOf(error)));
		}
		violations.sort(Comparator.comparing(Violation::field));
		return violations.stream().distinct().toList();
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
