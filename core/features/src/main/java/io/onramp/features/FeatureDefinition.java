package io.onramp.features;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature, as data: what it is called, what kind of value it holds, and how it is computed from
 * the event stream. See {@link FeatureRegistry} for the file format.
 *
 * @param name the name rules use; lower case letters, digits and underscores
 * @param type what kind of value it holds
 * @param aggregation how events update it
 * @param field the event field it reads (for sum, last, min, max, distinct count, changes), such as
 * {@code properties.step}, {@code context.device} or {@code occurredAt}
 * @param filter which events count: event field to the values it must have; empty for every event
 * @param window over which events it is computed
 * @param ttl the feature disappears when it has not changed for this long (event time), or {@code null}
 * @param halfLife for a decayed score, the time in which an event's weight halves
 * @param weights for a decayed score, the weight of each event type (others weigh nothing)
 * @param scale for a decayed score, the raw score that maps to 0.5 (the value is raw / (raw + scale))
 * @param numerator for a ratio, the feature above the line
 * @param denominator for a ratio, the feature (a name) or the number below the line
 * @param values for a text feature, the values it can take (empty for any), so rules can be checked
 * @param description what it means, for people writing rules
 */
public record FeatureDefinition(String name, Type type, Aggregation aggregation, String field,
		Map<String, List<String>> filter, Window window, Duration ttl, Duration halfLife, Map<String, Double> weights,
		double scale, String numerator, Object denominator, List<String> values, String description) {

	public FeatureDefinition {
		// In the registry's order (Map.copyOf's order changes from one JVM to the next), so the script generated
		// from it is the same text, and the same script in Redis, on every aggregator instance.
		filter = filter == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(filter));
		window = window == null ? Window.LIFETIME : window;
		weights = weights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
		values = values == null ? List.of() : List.copyOf(values);
		description = description == null ? "" : description;
	}

	/** What kind of value a feature holds. */
	public enum Type {

		NUMBER, TEXT, TIME

	}

	/** How events update a feature. */
	public enum Aggregation {

		/** Events that pass the filter. */
		COUNT,
		/** Sum of a numeric field. */
		SUM,
		/** The field's value on the latest event (by event time). */
		LAST,
		/** How many different values the field took. */
		DISTINCT_COUNT,
		/** Smallest value of a numeric field. */
		MIN,
		/** Largest value of a numeric field. */
		MAX,
		/** One feature divided by another feature or a number. */
		RATIO,
		/** Event weights by type, each halving every half-life, squashed to 0..1. */
		DECAYED_SCORE,
		/** How often the field's value changed from one event to the next (for instance device switches). */
		CHANGES,
		/** Seconds between the previous event and the latest one. */
		IDLE_SECONDS,
		/** Sessions; a session ends after the registry's session timeout without events. */
		SESSION_COUNT,
		/** Seconds from the start of the current session to its latest event. */
		SESSION_DURATION

	}

	/**
	 * Over which events a feature is computed.
	 *
	 * @param kind lifetime, current session, or sliding
	 * @param length for a sliding window, how far back from the latest event time it reaches
	 */
	public record Window(Kind kind, Duration length) {

		public static final Window LIFETIME = new Window(Kind.LIFETIME, null);

		public static final Window SESSION = new Window(Kind.SESSION, null);

		public static Window sliding(Duration length) {
			return new Window(Kind.SLIDING, length);
		}

		public enum Kind {

			LIFETIME, SESSION, SLIDING

		}

	}

}
