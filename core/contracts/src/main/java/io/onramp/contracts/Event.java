package io.onramp.contracts;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One user action, as accepted by the capture API and carried on the stream.
 *
 * <p>Modelled on the Segment track spec and Snowplow's self-describing events. Its JSON form is
 * described by the versioned schema under {@code onramp/schemas/event/}; see {@link EventSchema}.
 *
 * @param eventId client-chosen UUID, or assigned by the capture API when absent; the idempotency key
 * @param type one of {@link EventTypes}
 * @param userId the known user, or {@code null} for an anonymous visitor
 * @param anonymousId the visitor id before identification, or {@code null}
 * @param sessionId the browser session the action belongs to
 * @param occurredAt when the action happened, by the client's clock
 * @param receivedAt when the capture API accepted it, by the server's clock
 * @param context where the action happened (device, page, screen...)
 * @param properties type-specific fields, for instance {@code step} for {@code step_completed}
 * @param schemaVersion the version of the event schema the event was validated against
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String eventId, String type, String userId, String anonymousId, String sessionId,
		Instant occurredAt, Instant receivedAt, EventContext context, Map<String, Object> properties,
		Integer schemaVersion) {

	public Event {
		properties = properties == null ? Map.of() : properties;
	}

	/** The key that keeps one user's events in order: the user id, else the anonymous id. */
	@JsonIgnore
	public String partitionKey() {
		return userId != null ? userId : anonymousId;
	}

	/** The device class the event reports, or {@code null} when it carries no context. */
	@JsonIgnore
	public String device() {
		return context == null ? null : context.device();
	}

	public Event withServerFields(String assignedEventId, Instant received, int version) {
		return new Event(eventId == null ? assignedEventId : eventId, type, userId, anonymousId, sessionId,
				occurredAt, received, context, properties, schemaVersion == null ? version : schemaVersion);
	}

	/**
	 * Where an action happened.
	 *
	 * @param device device class: desktop, tablet or mobile
	 * @param os operating system name
	 * @param browser browser name
	 * @param locale BCP 47 language tag
	 * @param page the page the user was on
	 * @param screen the viewport size in CSS pixels
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record EventContext(String device, String os, String browser, String locale, Page page, Screen screen) {
	}

	/**
	 * @param path the URL path
	 * @param title the document title
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Page(String path, String title) {
	}

	/**
	 * @param width viewport width in CSS pixels
	 * @param height viewport height in CSS pixels
	 */
	public record Screen(int width, int height) {
	}

}
