package io.onramp.aggregator;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import io.onramp.contracts.Event;
import io.onramp.features.ChangeRecord;

/**
 * Writes each event's feature changes to the offline history in Postgres. A redelivered event brings the
 * same change record back from Redis and writes the same rows, which the primary key ignores, so the
 * history holds every change exactly once.
 */
class HistoryWriter {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private static final String INSERT = """
			INSERT INTO feature_history (user_id, feature, version, value, event_time, event_id)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, feature, version) DO NOTHING
			""";

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private final Clock clock;

	HistoryWriter(JdbcTemplate jdbc, Duration retention, Clock clock) {
		this.jdbc = jdbc;
		this.retention = retention;
		this.clock = clock;
	}

	void write(String userId, Event event, ChangeRecord change) {
		if (change.values().isEmpty()) {
			return;
		}
		Timestamp eventTime = Timestamp.from(event.occurredAt());
		List<Object[]> rows = new ArrayList<>();
		change.values().forEach((feature, value) -> rows.add(
				new Object[] { userId, feature, change.version(), value, eventTime, event.eventId() }));
		jdbc.batchUpdate(INSERT, rows);
	}

	/** Deletes the user's whole history (erasure); returns how many rows there were. */
	int erase(String userId) {
		return jdbc.update("DELETE FROM feature_history WHERE user_id = ?", userId);
	}

	/** Drops history older than the retention, by event time. */
	@Scheduled(fixedDelayString = "${onramp.aggregator.history-cleanup-interval:1h}", initialDelay = 60_000)
	void applyRetention() {
		int deleted = jdbc.update("DELETE FROM feature_history WHERE event_time < ?",
				Timestamp.from(clock.instant().minus(retention)));
		if (deleted > 0) {
			log.info("Removed {} feature history rows older than {}", deleted, retention);
		}
	}

}
