package io.onramp.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one event changed: the feature version it was applied at and the changed features' new values
 * as stored. Encoded by the aggregator's script as {@code version TAB feature TAB value ...}; in a value
 * that is an event's text as it came (a {@code last} feature's) a backslash is written {@code \\} and a tab
 * {@code \t}, so a tab always separates.
 *
 * @param version the user's feature version after the event
 * @param values the changed features and their new stored values
 */
public record ChangeRecord(long version, Map<String, String> values) {

	public static ChangeRecord decode(String encoded) {
		String[] parts = encoded.split("\t", -1);
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 1; i + 1 < parts.length; i += 2) {
			String value = parts[i + 1];
			values.put(parts[i], unescape(value));
		}
		return new ChangeRecord(Long.parseLong(parts[0]), values);
	}

	/**
	 * A value as the script stores it, from its text in a change record or the script's reply: {@code \\}
	 * back to a backslash, {@code \t} to a tab; text without a backslash is returned as it is.
	 */
	public static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder text = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				text.append(next == 't' ? '\t' : next);
			}
			else {
				text.append(c);
			}
		}
		return text.toString();
	}

}
