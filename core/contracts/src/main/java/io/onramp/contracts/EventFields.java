package io.onramp.contracts;

import java.util.function.Function;

/**
 * Reads a field of an {@link Event} by its dotted name, as feature definitions and rule conditions name
 * them: {@code type}, {@code sessionId}, {@code eventId}, {@code occurredAt} (epoch milliseconds),
 * {@code context.device}, {@code context.os}, {@code context.browser}, {@code context.locale},
 * {@code context.page.path}, {@code context.page.title}, {@code context.screen.width},
 * {@code context.screen.height} and {@code properties.<name>}.
 */
public final class EventFields {

	private EventFields() {
	}

	/** Whether a name is a field events can have; every {@code properties.<name>} is. */
	public static boolean exists(String field) {
		return field.startsWith("properties.") && field.length() > "properties.".length() || reader(field) != null;
	}

	/** A reader for the field, resolved once; an unknown field reads as absent. */
	public static Function<Event, Object> of(String field) {
		Function<Event, Object> reader = reader(field);
		return reader == null ? event -> null : reader;
	}

	private static Function<Event, Object> reader(String field) {
		if (field.startsWith("properties.")) {
			String property = field.substring("properties.".length());
			return event -> event.properties().get(property);
		}
		return switch (field) {
			case "type" -> Event::type;
			case "sessionId" -> Event::sessionId;
			case "eventId" -> Event::eventId;
			case "occurredAt" -> event -> event.occurredAt() == null ? null : event.occurredAt().toEpochMilli();
			case "context.device" -> context(Event.EventContext::device);
			case "context.os" -> context(Event.EventContext::os);
			case "context.browser" -> context(Event.EventContext::browser);
			case "context.locale" -> context(Event.EventContext::locale);
			case "context.page.path" -> page(Event.Page::path);
			case "context.page.title" -> page(Event.Page::title);
			case "context.screen.width" -> screen(Event.Screen::width);
			case "context.screen.height" -> screen(Event.Screen::height);
			default -> null;
		};
	}

	private static Function<Event, Object> context(Function<Event.EventContext, Object> read) {
		return event -> event.context() == null ? null : read.apply(event.context());
	}

	private static Function<Event, Object> page(Function<Event.Page, Object> read) {
		return context(context -> context.page() == null ? null : read.apply(context.page()));
	}

	private static Function<Event, Object> screen(Function<Event.Screen, Object> read) {
		return context(context -> context.screen() == null ? null : read.apply(context.screen()));
	}

}
