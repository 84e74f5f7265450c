package io.onramp.batch;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.batch.snapshot.FeatureSnapshots;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a day's snapshot holds, on real Postgres, against the offline history's own as-of reading (the
 * latest change of each feature by event time, then version, up to the end of the day): built from the
 * whole history or from the day before; out-of-order events; changes that arrive after the day before was
 * snapshotted; users who stopped being active.
 */
@SpringBootTest(properties = "onramp.batch.run-on-startup=false")
class FeatureSnapshotsTest {

	private static final LocalDate DAY1 = LocalDate.parse("2026-11-10");

	private static final LocalDate DAY2 = DAY1.plusDays(1);

	private static final LocalDate DAY3 = DAY1.plusDays(2);

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		OnrampTestProperties.postgres(registry, "batch_snapshots");
	}

	@Autowired
	DataSource dataSource;

	private JdbcTemplate jdbc;

	private FeatureSnapshots snapshots;

	@BeforeEach
	void history() {
		jdbc = SyntheticHistory.migrate(dataSource);
		jdbc.update("DELETE FROM feature_changes");
		jdbc.update("DELETE FROM user_snapshot");
		jdbc.update("DELETE FROM snapshot_run");
		snapshots = new FeatureSnapshots(jdbc, Duration.ofDays(4), Clock.systemUTC());
		change("ann", 1, "2026-11-10T10:00:00Z", "{\"clicks\": \"1\", \"device\": \"desktop\"}");
		change("ann", 2, "2026-11-11T09:00:00Z", "{\"clicks\": \"2\"}");
		// Out of order: applied after version 2, but happened before it.
		change("ann", 3, "2026-11-11T08:00:00Z", "{\"device\": \"mobile\"}");
		change("ann", 4, "2026-11-11T11:00:00Z", "{\"hint\": \"later\"}");
		change("ann", 5, "2026-11-11T10:30:00Z", "{\"hint\": \"earlier\"}");
		// Tomorrow's change is not in today's snapshot.
		change("ann", 6, "2026-11-12T07:00:00Z", "{\"clicks\": \"3\"}");
		change("bob", 1, "2026-11-10T12:00:00Z", "{\"clicks\": \"5\"}");
		// Last active long before: not in the snapshots (inactive after 4 days).
		change("cy", 1, "2026-11-01T12:00:00Z", "{\"clicks\": \"9\"}");
	}

	@Test
	void aSnapshotFromTheWholeHistoryHoldsEachUsersLatestValuesByEventTime() {
		build(DAY2, null);
		assertThat(snapshot(DAY2)).isEqualTo(asOf(DAY2)).containsOnlyKeys("ann", "bob");
		assertThat(snapshot(DAY2).get("ann")).isEqualTo("{\"hint\": \"later\", \"clicks\": \"2\", \"device\": \"mobile\"}");
	}

	@Test
	void aSnapshotFromTheDayBeforeIsTheSameAsOneFromTheWholeHistory() {
		build(DAY1, null);
		build(DAY2, snapshots.previousTakenAt(DAY2));
		build(DAY3, snapshots.previousTakenAt(DAY3));
		assertThat(jdbc.queryForList("SELECT incremental FROM snapshot_run ORDER BY logical_date", Boolean.class))
			.containsExactly(false, true, true);
		assertThat(snapshot(DAY2)).isEqualTo(asOf(DAY2));
		assertThat(snapshot(DAY3)).isEqualTo(asOf(DAY3)).containsOnlyKeys("ann", "bob");
		assertThat(snapshot(DAY3).get("ann")).contains("\"clicks\": \"3\"");
	}

	@Test
	void aChangeThatArrivesAfterTheDayBeforeWasSnapshottedCountsTheNextDay() {
		build(DAY1, null);
		build(DAY2, snapshots.previousTakenAt(DAY2));
		Instant taken = snapshots.previousTakenAt(DAY3);
		// Happened late on day 2, recorded after day 2's snapshot.
		jdbc.update("INSERT INTO feature_changes (user_id, version, event_time, event_id, changes, recorded_at) VALUES (?, ?, ?, ?, ?::jsonb, ?)",
				"bob", 2, Timestamp.from(Instant.parse("2026-11-11T23:00:00Z")), "bob-2", "{\"device\": \"tablet\"}",
				Timestamp.from(taken.plusSeconds(60)));
		build(DAY3, taken);
		assertThat(snapshot(DAY3)).isEqualTo(asOf(DAY3));
		assertThat(snapshot(DAY3).get("bob")).contains("\"device\": \"tablet\"");
	}

	@Test
	void usersWithoutChangesForTheInactivePeriodLeaveTheSnapshot() {
		build(DAY1, null);
		LocalDate later = DAY1.plusDays(5);
		for (LocalDate day = DAY2; !day.isAfter(later); day = day.plusDays(1)) {
			build(day, snapshots.previousTakenAt(day));
		}
		// bob's last change was on day 1, more than 4 days before the end of the last day; ann changed on day 3.
		assertThat(snapshot(later)).containsOnlyKeys("ann");
		assertThat(snapshots.purgeBefore(later)).as("days 1 to 4 held two users, day 5 one").isEqualTo(2 + 2 + 2 + 2 + 1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshot_run", Long.class)).isOne();
	}

	private void build(LocalDate day, Instant previousTakenAt) {
		snapshots.clear(day);
		int users = 0;
		for (int from = 0; from < FeatureSnapshots.BUCKETS; from += 256) {
			users += snapshots.write(day, from, from + 256, previousTakenAt);
		}
		assertThat(snapshots.complete(day, previousTakenAt != null)).isEqualTo(users);
	}

	private void change(String user, long version, String at, String changes) {
		Instant time = Instant.parse(at);
		jdbc.update("INSERT INTO feature_changes (user_id, version, event_time, event_id, changes, recorded_at) VALUES (?, ?, ?, ?, ?::jsonb, ?)",
				user, version, Timestamp.from(time), user + "-" + version, changes, Timestamp.from(time.plusSeconds(1)));
	}

	private Map<String, String> snapshot(LocalDate day) {
		Map<String, String> users = new LinkedHashMap<>();
		jdbc.query("SELECT user_id, features::text FROM user_snapshot WHERE logical_date = ? ORDER BY user_id",
				row -> {
					users.put(row.getString(1), row.getString(2));
				}, Date.valueOf(day));
		return users;
	}

	/** Every user's features as of the end of the day, read from the history as {@code FeatureHistory.asOf} reads one user's. */
	private Map<String, String> asOf(LocalDate day) {
		Map<String, String> users = new LinkedHashMap<>();
		jdbc.query("""
				SELECT user_id, jsonb_object_agg(feature, value)::text FROM (
				    SELECT DISTINCT ON (user_id, feature) user_id, feature, value FROM feature_history
				    WHERE event_time < ? ORDER BY user_id, feature, event_time DESC, version DESC) latest
				GROUP BY user_id HAVING user_id <> 'cy' -- inactive for longer than 4 days
				ORDER BY user_id
				""", row -> {
			users.put(row.getString(1), row.getString(2));
		}, Timestamp.from(FeatureSnapshots.endOf(day)));
		return users;
	}

}
