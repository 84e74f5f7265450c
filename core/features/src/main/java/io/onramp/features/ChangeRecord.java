package io.onramp.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one event changed: the feature version it was applied at and the changed features' new values
 * as stored. Encoded by the aggregator's script as {@code version TAB feature TAB value ...}.
 *
 * @param version the user's feature version after the event
 * @param values the changed features and their new stored values
 */
public record ChangeRecord(long version, Map<String, String> values) {

	public static ChangeRecord decode(String encoded) {
		String[] parts = encoded.split("\t", -1);
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 1; i + 1 < parts.length; i += 2) {
			values.put(parts[i], parts[i + 1]);
		}
		return new ChangeRecord(Long.parseLong(parts[0]), values);
	}

}
