package io.onramp.rules;

import java.util.Map;
import java.util.Set;

import io.onramp.contracts.FeatureUpdate;

/**
 * What a condition can see: the user's features, which of them this update changed, and the causing
 * event's type as the pseudo-feature {@code event.type}.
 */
public record FeatureView(Map<String, Object> features, Set<String> changed, String eventType) {

	public static final String EVENT_TYPE = "event.type";

	public static FeatureView of(FeatureUpdate update) {
		return new FeatureView(update.features(), update.changed(), update.eventType());
	}

	public Object get(String name) {
		return EVENT_TYPE.equals(name) ? eventType : features.get(name);
	}

	public boolean changed(String name) {
		return changed.contains(name) || (EVENT_TYPE.equals(name) && eventType != null);
	}

}
