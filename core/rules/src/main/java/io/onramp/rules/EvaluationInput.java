package io.onramp.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventFields;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.rules.FrequencyCap.Firing;

/**
 * Everything one evaluation may look at: the user's features, which of them this update changed, the
 * causing event, and when each capped rule last fired for the user.
 *
 * <p>A condition names either a feature ({@code engagement_score}) or an event field: {@code event.type},
 * {@code event.sessionId}, {@code event.context.device}, {@code event.context.page.path},
 * {@code event.context.screen.width}, {@code event.properties.<name>} and so on.
 *
 * @param userId the user
 * @param features the user's features after the update
 * @param changed the features this update changed
 * @param event the event behind the update, or {@code null} (a simulation may have none)
 * @param firings when each capped rule last fired for the user, by rule id
 */
public record EvaluationInput(String userId, Map<String, Object> features, Set<String> changed, Event event,
		Map<String, Firing> firings) {

	public static final String EVENT_PREFIX = "event.";

	public EvaluationInput {
		features = features == null ? Map.of() : features;
		changed = changed == null ? Set.of() : changed;
		firings = firings == null ? Map.of() : firings;
	}

	public static EvaluationInput of(FeatureUpdate update, Map<String, Firing> firings) {
		return new EvaluationInput(update.userId(), update.features(), update.changed(), update.event(), firings);
	}

	public Object get(String name) {
		return accessor(name).apply(this);
	}

	/** The evaluation time: when the capture API received the event, else when it occurred, else now. */
	public Instant now() {
		if (event != null && event.receivedAt() != null) {
			return event.receivedAt();
		}
		return event != null && event.occurredAt() != null ? event.occurredAt() : Instant.now();
	}

	public String sessionId() {
		return event == null ? null : event.sessionId();
	}

	/**
	 * Reads one named value; resolved once when a rule compiles, so evaluation does no name parsing.
	 * An unknown event field reads as absent.
	 */
	static Function<EvaluationInput, Object> accessor(String name) {
		if (!name.startsWith(EVENT_PREFIX)) {
			return input -> input.features.get(name);
		}
		Function<Event, Object> field = EventFields.of(name.substring(EVENT_PREFIX.length()));
		return input -> input.event == null ? null : field.apply(input.event);
	}

}
