package io.onramp.aggregator;

import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import tools.jackson.core.JsonGenerator;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.features.ChangeRecord;

/**
 * Writes the events' feature changes to the offline history in Postgres ({@code feature_changes}, one row
 * per event with the changed features as JSON; the view {@code feature_history} shows a row per changed
 * feature), one statement (one commit) per batch. A redelivered event brings the same change record back
 * from Redis and writes the same rows, which are ignored, so the history holds every change exactly once.
 *
 * <p>A batch is first written with a plain {@code INSERT}: redeliveries are rare, and {@code ON CONFLICT DO
 * NOTHING} makes Postgres probe the primary key for every row before inserting it, a fifth of what the history
 * cost Postgres at full load. When a row is already there the statement fails as a whole (nothing of it is
 * kept) and the batch is written again with {@code ON CONFLICT DO NOTHING}.
 */
class HistoryWriter {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	/**
	 * One statement for a whole batch: one row per event, the rows coming in as one JSON array of objects
	 * ({@code u} user, {@code v} version, {@code t} event time in epoch ms, {@code e} event id, {@code c} the
	 * changes). Five arrays of text, as before, cost this JVM more than the rows themselves: the driver escapes
	 * every quote of the changes' JSON for the array literal, character by character.
	 */
	private static final String INSERT = """
			INSERT INTO feature_changes (user_id, version, event_time, event_id, changes)
			SELECT u, v, timestamptz 'epoch' + t * interval '1 millisecond', e, c
			FROM json_to_recordset(?::json) AS batch(u text, v bigint, t bigint, e text, c jsonb)
			""";

	/** The same, for a batch with rows already written: one row per user and version, so those are skipped. */
	private static final String INSERT_NEW = INSERT + "ON CONFLICT (user_id, version) DO NOTHING\n";

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private final Clock clock;

	HistoryWriter(JdbcTemplate jdbc, Duration retention, Clock clock) {
		this.jdbc = jdbc;
		this.retention = retention;
		this.clock = clock;
	}

	/** Writes what a batch of events changed, in one statement. */
	void write(List<RedisFeatureStore.Applied> batch) {
		String rows = rows(batch);
		if (rows == null) {
			return;
		}
		try {
			jdbc.update(INSERT, rows);
		}
		catch (DuplicateKeyException redelivered) {
			log.debug("A batch of feature change rows holds some already written; writing the others");
			jdbc.update(INSERT_NEW, rows);
		}
	}

	/** The batch's rows as {@link #INSERT} takes them, or {@code null} when no event changed anything. */
	static String rows(List<RedisFeatureStore.Applied> batch) {
		StringWriter json = new StringWriter(batch.size() * 256);
		int rows = 0;
		try (JsonGenerator out = OnrampJson.mapper().createGenerator(json)) {
			out.writeStartArray();
			for (RedisFeatureStore.Applied applied : batch) {
				ChangeRecord change = applied.change();
				if (change.values().isEmpty()) {
					continue;
				}
				Event event = applied.update().event();
				out.writeStartObject();
				out.writeStringProperty("u", applied.update().userId());
				out.writeNumberProperty("v", change.version());
				out.writeNumberProperty("t", event.occurredAt().toEpochMilli());
				out.writeStringProperty("e", event.eventId());
				out.writeName("c");
				out.writeStartObject();
				for (Map.Entry<String, String> value : change.values().entrySet()) {
					out.writeStringProperty(value.getKey(), value.getValue());
				}
				out.writeEndObject();
				out.writeEndObject();
				rows++;
			}
			out.writeEndArray();
		}
		return rows == 0 ? null : json.toString();
	}

	/** Deletes the user's whole history (erasure); returns how many events' changes there were. */
	int erase(String userId) {
		return jdbc.update("DELETE FROM feature_changes WHERE user_id = ?", userId);
	}

	/**
	 * Removes the user from the nightly feature snapshots batch-jobs keeps in the same database
	 * ({@code user_snapshot}), when there are any; returns the rows removed. The snapshot's key is day, user
	 * bucket, user: each day is one index lookup.
	 */
	int eraseSnapshots(String userId) {
		if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass('user_snapshot') IS NOT NULL", Boolean.class))) {
			return 0;
		}
		return jdbc.update("""
				DELETE FROM user_snapshot
				WHERE logical_date IN (SELECT generate_series(min(logical_date), max(logical_date), interval '1 day')::date FROM user_snapshot)
				  AND user_bucket = hashtext(?) & 1023 AND user_id = ?
				""", userId, userId);
	}

	/** Drops history older than the retention, by event time. */
	@Scheduled(fixedDelayString = "${onramp.aggregator.history-cleanup-interval:1h}", initialDelay = 60_000)
	void applyRetention() {
		int deleted = jdbc.update("DELETE FROM feature_changes WHERE event_time < ?",
				Timestamp.from(clock.instant().minus(retention)));
		if (deleted > 0) {
			log.info("Removed {} feature change rows older than {}", deleted, retention);
		}
	}

}
