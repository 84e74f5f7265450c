package io.onramp.features;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a user's features as the aggregator's script stores them (a Redis hash of text values): typed
 * by their definitions, with the script's bookkeeping fields and features past their TTL left out.
 */
public final class StoredFeatures {

	private static final String VERSION = "version";

	private final Map<String, FeatureDefinition> definitions = new LinkedHashMap<>();

	public StoredFeatures(FeatureRegistry registry) {
		registry.features().forEach(feature -> definitions.put(feature.name(), feature));
	}

	public Map<String, Object> decode(Map<String, String> stored) {
		long watermark = stored.containsKey("_watermark") ? Long.parseLong(stored.get("_watermark")) : 0;
		Map<String, Object> features = new LinkedHashMap<>();
		stored.forEach((name, value) -> {
			FeatureDefinition definition = definitions.get(name);
			if (definition == null || expired(definition, stored, watermark)) {
				return;
			}
			features.put(name, definition.type() == FeatureDefinition.Type.TEXT ? value : number(value));
		});
		return features;
	}

	public static long version(Map<String, String> stored) {
		return stored.containsKey(VERSION) ? Long.parseLong(stored.get(VERSION)) : 0;
	}

	private static boolean expired(FeatureDefinition definition, Map<String, String> stored, long watermark) {
		Duration ttl = definition.ttl();
		String changedAt = stored.get("_changed:" + definition.name());
		return ttl != null && changedAt != null && Long.parseLong(changedAt) + ttl.toMillis() < watermark;
	}

	/**
	 * A whole number as a {@code Long}, anything else as a {@code Double}. Text that cannot be a long (a
	 * decimal point, an exponent) is told by its characters rather than by a failed {@code parseLong}, whose
	 * exception, stack trace and all, was a twentieth of the aggregator's CPU for the scores and ratios.
	 */
	static Object number(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < '0' || c > '9') && !(i == 0 && (c == '-' || c == '+'))) {
				return Double.parseDouble(value);
			}
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException beyondLong) {
			return Double.parseDouble(value);
		}
	}

}
