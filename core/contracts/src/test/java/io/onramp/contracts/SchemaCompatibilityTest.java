package io.onramp.contracts;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time compatibility check: a new version of an event type's schema must accept every event the
 * previous version accepted. This test fails the build otherwise.
 */
class SchemaCompatibilityTest {

	private final EventSchema schemas = EventSchema.current();

	@Test
	void everyNewVersionOfEveryEventTypeAcceptsWhatThePreviousAccepted() {
		schemas.types().forEach((type, versions) -> {
			for (int i = 1; i < versions.size(); i++) {
				JsonNode older = schema(type, versions.get(i - 1));
				JsonNode newer = schema(type, versions.get(i));
				assertThat(SchemaCompatibility.problems(older, newer))
					.as("%s v%d -> v%d must accept every event v%d accepted", type, versions.get(i - 1), versions.get(i),
							versions.get(i - 1))
					.isEmpty();
			}
		});
	}

	@Test
	void everyVersionsExamplesAreValidThereAndInEveryLaterVersion() {
		schemas.types().forEach((type, versions) -> {
			for (int i = 0; i < versions.size(); i++) {
				JsonNode examples = schema(type, versions.get(i)).path("examples");
				assertThat(examples.size()).as("%s v%d has examples", type, versions.get(i)).isPositive();
				for (JsonNode example : examples) {
					for (int later = i; later < versions.size(); later++) {
						ObjectNode event = ((ObjectNode) example.deepCopy()).put("schemaVersion", versions.get(later));
						assertThat(schemas.validate(event)).as("%s example %s at v%d", type, example, versions.get(later)).isEmpty();
					}
				}
			}
		});
	}

	@Test
	void everyEventTypeHasASchema() {
		assertThat(schemas.types().keySet()).containsExactlyInAnyOrder(EventTypes.ALL.toArray(String[]::new));
	}

	@Test
	void findsEachWayANewVersionCouldRejectWhatTheOldAccepted() {
		JsonNode v1 = json("""
				{"type": "object", "properties": {
				  "properties": {"type": "object", "properties": {
				    "step": {"type": "integer", "maximum": 100},
				    "plan": {"enum": ["free", "pro"]},
				    "name": {"type": "string", "maxLength": 200}}}}}
				""");
		JsonNode stricter = json("""
				{"type": "object", "required": ["properties"], "properties": {
				  "properties": {"type": "object", "additionalProperties": false, "properties": {
				    "step": {"type": "integer", "maximum": 10},
				    "plan": {"enum": ["pro"]},
				    "name": {"type": "string", "maxLength": 20, "pattern": "^[a-z]+$"}},
				    "not": {"required": ["x"]}}}}
				""");
		List<String> problems = SchemaCompatibility.problems(v1, stricter);
		assertThat(problems).containsExactlyInAnyOrder("(root): 'properties' is newly required",
				"(root).properties: keyword 'not' cannot be checked for compatibility",
				"(root).properties: additionalProperties is newly false",
				"(root).properties.step: maximum is lowered to 10",
				"(root).properties.plan: value \"free\" is no longer accepted",
				"(root).properties.name: maxLength is lowered to 20",
				"(root).properties.name: pattern is newly \"^[a-z]+$\"");
	}

	@Test
	void wideningIsCompatible() {
		JsonNode v1 = json("""
				{"type": "object", "required": ["properties"], "properties": {
				  "properties": {"type": "object", "properties": {"step": {"type": "integer", "maximum": 10},
				    "plan": {"enum": ["free"]}}}}}
				""");
		JsonNode wider = json("""
				{"type": "object", "properties": {
				  "properties": {"type": "object", "properties": {"step": {"type": "number", "maximum": 100},
				    "plan": {"enum": ["free", "pro"]}, "seats": {"description": "any value, as before"}}}}}
				""");
		assertThat(SchemaCompatibility.problems(v1, wider)).isEmpty();
	}

	private static JsonNode schema(String type, int version) {
		return json(EventSchema.resource(EventSchema.typePath(type, version)));
	}

	private static JsonNode json(String text) {
		return OnrampJson.mapper().readTree(text);
	}

}
