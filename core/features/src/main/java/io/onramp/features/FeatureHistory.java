package io.onramp.features;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the offline feature history in Postgres (table {@code feature_history}, owned by the feature
 * aggregator's Flyway migrations): a user's features as they were at any time.
 */
public class FeatureHistory {

	private static final String AS_OF = """
			SELECT DISTINCT ON (feature) feature, value
			FROM feature_history
			WHERE user_id = ? AND event_time <= ?
			ORDER BY feature, event_time DESC, version DESC
			""";

	private final JdbcTemplate jdbc;

	private final StoredFeatures stored;

	public FeatureHistory(JdbcTemplate jdbc, FeatureRegistry registry) {
		this.jdbc = jdbc;
		this.stored = new StoredFeatures(registry);
	}

	/** The user's features as of a time: for each feature, its value after the latest change at or before it. */
	public Map<String, Object> asOf(String userId, Instant time) {
		Map<String, String> values = new LinkedHashMap<>();
		jdbc.query(AS_OF, row -> {
			values.put(row.getString("feature"), row.getString("value"));
		}, userId, Timestamp.from(time));
		return stored.decode(values);
	}

}
