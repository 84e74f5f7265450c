package io.onramp.contracts;

import java.util.Map;
import java.util.Set;

/**
 * A user's features right after one event was applied, emitted by the feature aggregator.
 *
 * @param userId the user (or anonymous visitor) the features belong to
 * @param version the user's feature version; it grows by one per applied event
 * @param features every feature of the user: numbers for counts and epoch-millisecond times, text otherwise
 * @param changed the names of the features this event changed
 * @param event the event that caused this update, so rules can also test its fields
 * @param duplicate {@code true} when the event had been applied before and the features were re-emitted unchanged
 */
public record FeatureUpdate(String userId, long version, Map<String, Object> features, Set<String> changed,
		Event event, boolean duplicate) {

	public FeatureUpdate {
		features = features == null ? Map.of() : features;
		changed = changed == null ? Set.of() : changed;
	}

}
