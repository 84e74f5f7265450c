package io.onramp.batch;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;

import io.onramp.batch.snapshot.FeatureSnapshots;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

/**
 * Nine days of feature history for 200 users, written into the aggregator's own tables (its migrations):
 * each day every user gets an engagement score (normal, mean 10, sd 2) and a device (60% desktop, 30%
 * mobile, 10% tablet); on the ninth day the score's mean is 13 and the device mix 30/60/10. {@link #failOnce}
 * makes one range of the snapshot fail once, for restart tests.
 */
final class SyntheticHistory {

	static final int USERS = 200;

	/** Seven reference days, then D1 (same distributions), then D2 (shifted). */
	static final LocalDate FIRST = LocalDate.parse("2026-11-01");

	static final LocalDate D1 = FIRST.plusDays(7);

	static final LocalDate D2 = FIRST.plusDays(8);

	private SyntheticHistory() {
	}

	/** The aggregator's tables (its own migrations), empty. */
	static JdbcTemplate migrate(DataSource dataSource) {
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").baselineOnMigrate(true).baselineVersion("0")
			.load().migrate();
		return new JdbcTemplate(dataSource);
	}

	static JdbcTemplate write(DataSource dataSource) {
		JdbcTemplate jdbc = migrate(dataSource);
		Random random = new Random(7);
		List<Object[]> rows = new ArrayList<>();
		for (int d = 0; d <= 8; d++) {
			LocalDate day = FIRST.plusDays(d);
			boolean shifted = day.equals(D2);
			for (int u = 0; u < USERS; u++) {
				double score = (shifted ? 13 : 10) + 2 * random.nextGaussian();
				double pick = random.nextDouble();
				String device = pick < (shifted ? 0.3 : 0.6) ? "desktop" : pick < 0.9 ? "mobile" : "tablet";
				Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC).plusSeconds(u);
				rows.add(new Object[] { "u-%03d".formatted(u), d + 1, Timestamp.from(at), "e-" + u + "-" + d,
						"{\"engagement_score\": \"%.4f\", \"device_type\": \"%s\"}".formatted(score, device) });
			}
		}
		jdbc.batchUpdate("INSERT INTO feature_changes (user_id, version, event_time, event_id, changes) VALUES (?, ?, ?, ?, ?::jsonb)",
				rows);
		return jdbc;
	}


	/** Writing the snapshot range that starts at bucket {@code fromBucket} fails once, as if the database went away. */
	static void failOnce(FeatureSnapshots snapshots, int fromBucket) {
		AtomicBoolean failed = new AtomicBoolean();
		doAnswer(call -> {
			if (failed.compareAndSet(false, true)) {
				throw new IllegalStateException("the database went away");
			}
			return call.callRealMethod();
		}).when(snapshots).write(any(), eq(fromBucket), anyInt(), any());
	}

}
