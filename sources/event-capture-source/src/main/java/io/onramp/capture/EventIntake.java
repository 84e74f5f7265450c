package io.onramp.capture;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventSchema;
import io.onramp.contracts.EventSchema.Violation;
import io.onramp.contracts.OnrampJson;

/**
 * Turns a request body (one event or an array of them) into events ready to send: every event is
 * validated against the event schema first, and one invalid event rejects the whole request, so a
 * client never has to guess which part of a batch was taken.
 */
class EventIntake {

	private final EventSchema schema;

	private final Clock clock;

	private final int maxBatchSize;

	EventIntake(EventSchema schema, Clock clock, int maxBatchSize) {
		this.schema = schema;
		this.clock = clock;
		this.maxBatchSize = maxBatchSize;
	}

	List<Event> accept(JsonNode body) {
		boolean batch = body.isArray();
		List<JsonNode> items = new ArrayList<>();
		if (batch) {
			body.forEach(items::add);
		}
		else {
			items.add(body);
		}
		if (batch && items.isEmpty()) {
			throw new InvalidEventsException(List.of(new Violation("(body)", "the batch holds no events")));
		}
		if (items.size() > maxBatchSize) {
			throw new BatchTooLargeException(items.size(), maxBatchSize);
		}
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String prefix = batch ? "[" + i + "]" : "";
			for (Violation violation : schema.validate(items.get(i))) {
				String field = batch ? prefix + (violation.field().startsWith("(") ? "" : ".") + violation.field()
						: violation.field();
				violations.add(new Violation(field, violation.message()));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidEventsException(violations);
		}
		Instant receivedAt = clock.instant();
		return items.stream()
			.map(item -> OnrampJson.mapper().treeToValue(item, Event.class)
				.withServerFields(UUID.randomUUID().toString(), receivedAt, schema.versionOf(item)))
			.toList();
	}

	/** The request holds events the schema rejects; nothing of it is sent. */
	static class InvalidEventsException extends RuntimeException {

		private final List<Violation> violations;

		InvalidEventsException(List<Violation> violations) {
			super(violations.size() + " invalid field(s), first: " + violations.get(0));
			this.violations = List.copyOf(violations);
		}

		List<Violation> violations() {
			return violations;
		}

	}

	/** The request holds more events than one batch may. */
	static class BatchTooLargeException extends RuntimeException {

		BatchTooLargeException(int size, int max) {
			super("a batch may hold at most " + max + " events; this one holds " + size);
		}

	}

}
