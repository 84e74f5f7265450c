package io.onramp.batch.snapshot;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily feature snapshot ({@code user_snapshot}): one row per user with every feature as of the end of
 * day D (UTC), built by Postgres in set-based statements, a range of user buckets at a time.
 *
 * <p>When D-1's snapshot is complete, D's is D-1's with the changes of D merged over it (and changes
 * recorded since D-1's snapshot was taken whose event time is at most a day before D, which arrived
 * late). Otherwise it is built from the whole history. Either way a user's changes are applied in event
 * time order, then version, as {@code FeatureHistory.asOf} reads them. Users without any change for
 * {@code inactiveAfter} leave the snapshot, as they leave the aggregator's history.
 */
public class FeatureSnapshots {

	/** Users are spread over this many buckets by {@code hashtext(user_id) & 1023}. */
	public static final int BUCKETS = 1024;

	private static final String BUCKET = "(hashtext(user_id) & 1023)";

	private static final String INCREMENTAL = """
			INSERT INTO user_snapshot (logical_date, user_bucket, user_id, last_change, features)
			SELECT ?, coalesce(p.user_bucket, d.user_bucket), coalesce(p.user_id, d.user_id),
			       greatest(p.last_change, d.last_change), coalesce(p.features, '{}') || coalesce(d.features, '{}')
			FROM (SELECT user_bucket, user_id, last_change, features FROM user_snapshot
			      WHERE logical_date = ? AND user_bucket >= ? AND user_bucket < ?) p
			FULL JOIN (SELECT %1$s AS user_bucket, user_id, max(event_time) AS last_change,
			                  jsonb_merge_agg(changes ORDER BY event_time, version) AS features
			           FROM feature_changes
			           WHERE event_time >= ? AND event_time < ? AND (event_time >= ? OR recorded_at > ?)
			             AND %1$s >= ? AND %1$s < ?
			           GROUP BY user_id) d ON d.user_id = p.user_id
			WHERE greatest(p.last_change, d.last_change) >= ?
			""".formatted(BUCKET);

	private static final String FULL = """
			INSERT INTO user_snapshot (logical_date, user_bucket, user_id, last_change, features)
			SELECT ?, %1$s, user_id, max(event_time), jsonb_merge_agg(changes ORDER BY event_time, version)
			FROM feature_changes
			WHERE event_time < ? AND %1$s >= ? AND %1$s < ?
			GROUP BY user_id
			HAVING max(event_time) >= ?
			""".formatted(BUCKET);

	private final JdbcTemplate jdbc;

	private final Duration inactiveAfter;

	private final Clock clock;

	public FeatureSnapshots(JdbcTemplate jdbc, Duration inactiveAfter, Clock clock) {
		this.jdbc = jdbc;
		this.inactiveAfter = inactiveAfter;
		this.clock = clock;
	}

	/** Removes D's snapshot, so it can be built (again). */
	public void clear(LocalDate day) {
		jdbc.update("DELETE FROM snapshot_run WHERE logical_date = ?", Date.valueOf(day));
		jdbc.update("DELETE FROM user_snapshot WHERE logical_date = ?", Date.valueOf(day));
	}

	/** When D-1's complete snapshot was taken, or {@code null} when there is none (D is then built from the whole history). */
	public Instant previousTakenAt(LocalDate day) {
		List<Timestamp> taken = jdbc.queryForList("SELECT taken_at FROM snapshot_run WHERE logical_date = ?", Timestamp.class,
				Date.valueOf(day.minusDays(1)));
		return taken.isEmpty() ? null : taken.get(0).toInstant();
	}

	/**
	 * Writes D's snapshot of the users in buckets {@code [fromBucket, toBucket)}, from D-1's snapshot taken at
	 * {@code previousTakenAt}, or from the whole history when that is {@code null}; returns the users written.
	 */
	public int write(LocalDate day, int fromBucket, int toBucket, Instant previousTakenAt) {
		Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant end = endOf(day);
		Timestamp activeSince = Timestamp.from(end.minus(inactiveAfter));
		if (previousTakenAt == null) {
			return jdbc.update(FULL, Date.valueOf(day), Timestamp.from(end), fromBucket, toBucket, activeSince);
		}
		return jdbc.update(INCREMENTAL, Date.valueOf(day), Date.valueOf(day.minusDays(1)), fromBucket, toBucket,
				Timestamp.from(start.minus(Duration.ofDays(1))), Timestamp.from(end), Timestamp.from(start),
				Timestamp.from(previousTakenAt), fromBucket, toBucket, activeSince);
	}

	/** Records D's snapshot as complete; returns the users it holds. */
	public long complete(LocalDate day, boolean incremental) {
		Long users = jdbc.queryForObject("SELECT count(*) FROM user_snapshot WHERE logical_date = ?", Long.class, Date.valueOf(day));
		jdbc.update("INSERT INTO snapshot_run (logical_date, taken_at, users, incremental) VALUES (?, ?, ?, ?)", Date.valueOf(day),
				Timestamp.from(clock.instant()), users, incremental);
		return users;
	}

	/** Removes the snapshots of the days before {@code firstKept}; returns the rows removed. */
	public int purgeBefore(LocalDate firstKept) {
		jdbc.update("DELETE FROM snapshot_run WHERE logical_date < ?", Date.valueOf(firstKept));
		return jdbc.update("DELETE FROM user_snapshot WHERE logical_date < ?", Date.valueOf(firstKept));
	}

	/** The first moment after day D (UTC). */
	public static Instant endOf(LocalDate day) {
		return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
