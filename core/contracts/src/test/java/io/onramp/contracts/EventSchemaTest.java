package io.onramp.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.onramp.contracts.EventSchema.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemaTest {

	private final EventSchema schema = EventSchema.current();

	@Test
	void acceptsACompleteDeviceChange() {
		assertThat(validate("""
				{"eventId":"0b6f4c38-27c1-4e55-9d5c-0d2f2b0f6a11","type":"device_changed","userId":"u-1",
				 "sessionId":"s-1","occurredAt":"2026-11-27T09:00:00Z","schemaVersion":1,
				 "context":{"device":"mobile","os":"iOS","page":{"path":"/onboarding/2"},
				            "screen":{"width":390,"height":844}},
				 "properties":{"from":"desktop"}}
				""")).isEmpty();
	}

	@Test
	void acceptsAnAnonymousVisitor() {
		assertThat(validate("""
				{"type":"page_view","anonymousId":"a-9","occurredAt":"2026-11-27T09:00:00.123+01:00"}
				""")).isEmpty();
	}

	@Test
	void namesEachFailingField() {
		List<Violation> violations = validate("""
				{"type":"teleport","userId":"u-1","occurredAt":"yesterday","context":{"device":"fridge"}}
				""");
		assertThat(violations).extracting(Violation::field)
			.containsExactly("context.device", "occurredAt", "type");
		assertThat(violations.get(0).message()).contains("desktop", "mobile");
	}

	@Test
	void requiresAUserOrAnonymousId() {
		assertThat(validate("""
				{"type":"click","occurredAt":"2026-11-27T09:00:00Z"}
				""")).containsExactly(new Violation("userId", "either userId or anonymousId is required"));
	}

	@Test
	void requiresTheFieldsOfItsType() {
		assertThat(validate("""
				{"type":"step_completed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","properties":{}}
				""")).extracting(Violation::field).containsExactly("properties.step");
		assertThat(validate("""
				{"type":"device_changed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","context":{}}
				""")).extracting(Violation::field).containsExactly("context.device");
	}

	@Test
	void rejectsUnknownFieldsAndMalformedIds() {
		assertThat(validate("""
				{"type":"click","userID":"u-1","userId":"u 1","eventId":"42","occurredAt":"2026-11-27T09:00:00Z"}
				""")).extracting(Violation::field).containsExactlyInAnyOrder("eventId", "userID", "userId");
	}

	@Test
	void eventsRoundTripThroughTheirJsonForm() {
		Event event = new Event("e-1", EventTypes.STEP_COMPLETED, "u-1", null, "s-1",
				Instant.parse("2026-11-27T09:00:00Z"), Instant.parse("2026-11-27T09:00:00.010Z"),
				new Event.EventContext("desktop", null, null, null, new Event.Page("/welcome", null), null),
				Map.of("step", 2), 1);
		String json = OnrampJson.mapper().writeValueAsString(event);
		assertThat(json).contains("\"occurredAt\":\"2026-11-27T09:00:00Z\"").doesNotContain("anonymousId");
		assertThat(OnrampJson.mapper().readValue(json, Event.class)).isEqualTo(event);
	}

	private List<Violation> validate(String json) {
		JsonNode node = OnrampJson.mapper().readTree(json);
		return schema.validate(node);
	}

}
