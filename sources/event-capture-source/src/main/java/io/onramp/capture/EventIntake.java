package io.onramp.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/** Where a clamped event keeps the time its client reported. */
	static final String CLIENT_OCCURRED_AT = "clientOccurredAt";

	private final EventSchema schema;

	private final Clock clock;

	private final int maxBatchSize;

	private final Duration maxClockSkew;

	EventIntake(EventSchema schema, Clock clock, int maxBatchSize, Duration maxClockSkew) {
		this.schema = schema;
		this.clock = clock;
		this.maxBatchSize = maxBatchSize;
		this.maxClockSkew = maxClockSkew;
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
		return items.stream().map(item -> {
			Event event = OnrampJson.mapper().treeToValue(item, Event.class);
			return clamp(event.withServerFields(event.eventId() == null ? EventIds.next(receivedAt) : null, receivedAt,
					schema.versionOf(item)));
		}).toList();
	}

	/**
	 * An event that says it happened further in the future than the allowed clock skew happened, as far as
	 * anyone can tell, when it was received: its time is clamped to that, and the client's time is kept in
	 * {@code properties.clientOccurredAt} so the skew can be seen.
	 */
	private Event clamp(Event event) {
		if (!event.occurredAt().isAfter(event.receivedAt().plus(maxClockSkew))) {
			return event;
		}
		Map<String, Object> properties = new LinkedHashMap<>(event.properties());
		properties.put(CLIENT_OCCURRED_AT, event.occurredAt().toString());
		return new Event(event.eventId(), event.type(), event.userId(), event.anonymousId(), event.sessionId(),
				event.receivedAt(), event.receivedAt(), event.context(), properties, event.schemaVersion());
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
