package io.onramp.benchmarks;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.onramp.batch.BatchJobsApplication;
import io.onramp.batch.flow.NightlyRuns;
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

/**
 * Snapshot plus drift for N users with every feature of the default registry, on this machine's Postgres:
 * eight days of history (one change per user per day) are written with COPY, the seven reference days are
 * snapshotted untimed (earlier nights), then the eighth day's snapshot and drift jobs are timed, with the
 * heap's peak use. Target (issue 8): 1,000,000 users × 20 features in under 60 s.
 */
final class DriftJobsTiming {

	private static final LocalDate FIRST = LocalDate.parse("2026-11-01");

	/** Features in the history beyond the registry's, so each user carries 20 (the figure); drift compares the registry's. */
	private static final int EXTRA_FEATURES = 3;

	private static final int COPY_USERS = 50_000;

	private DriftJobsTiming() {
	}

	static void run(int users) throws Exception {
		Endpoints.Postgres postgres = TestServices.postgres();
		String schema = TestServices.uniqueName("drift_bench");
		String url = postgres.createSchema(schema);
		List<FeatureDefinition> features = FeatureRegistry.defaults().features();
		try {
			long written = writeHistory(url, postgres, users, features);
			System.out.printf("[onramp-drift] history: %,d rows (%,d users x 8 days, %d features each)%n", written, users,
					features.size() + EXTRA_FEATURES);
			try (ConfigurableApplicationContext app = SpringApplication.run(BatchJobsApplication.class, "--spring.main.banner-mode=off",
					"--logging.level.root=WARN", "--spring.datasource.url=" + url, "--spring.datasource.username=" + postgres.username(),
					"--spring.datasource.password=" + postgres.password(), "--onramp.batch.run-on-startup=false")) {
				NightlyRuns runs = app.getBean(NightlyRuns.class);
				long referenceStart = System.nanoTime();
				for (int d = 0; d < 7; d++) {
					runs.run("featureSnapshot", FIRST.plusDays(d));
				}
				double referenceSeconds = (System.nanoTime() - referenceStart) / 1e9;
				System.gc();
				ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
				// Snapshot plus drift, the two jobs of the night; the alert is a message to a broker and not timed.
				long start = System.nanoTime();
				NightlyRuns.Outcome snapshot = runs.run("featureSnapshot", FIRST.plusDays(7));
				double snapshotSeconds = (System.nanoTime() - start) / 1e9;
				NightlyRuns.Outcome drift = runs.run("driftMonitor", FIRST.plusDays(7));
				double seconds = (System.nanoTime() - start) / 1e9;
				long peak = ManagementFactory.getMemoryPoolMXBeans()
					.stream()
					.filter(pool -> pool.getType() == MemoryType.HEAP)
					.mapToLong(pool -> pool.getPeakUsage().getUsed())
					.sum();
				System.out.printf("[onramp-drift] %,d users x %d features: snapshot %s in %.1f s, drift %s in %.1f s, together %.1f s "
						+ "(%.0f users/s), peak heap %d MiB; each reference snapshot took %.1f s%n", users, features.size() + EXTRA_FEATURES,
						snapshot.status(), snapshotSeconds, drift.status(), seconds - snapshotSeconds, seconds, users / seconds, peak >> 20,
						referenceSeconds / 7);
				Map<String, Object> found = app.getBean(JdbcTemplate.class).queryForMap("""
						SELECT r.features, r.drifted, r.dataset_drifted, max(d.current_size) AS current, max(d.reference_size) AS reference
						FROM drift_run r JOIN drift_result d USING (logical_date) WHERE r.logical_date = ?
						GROUP BY r.features, r.drifted, r.dataset_drifted""", java.sql.Date.valueOf(FIRST.plusDays(7)));
				System.out.printf("[onramp-drift] drift compared %s features (%s drifted, dataset drifted: %s) on %,d current and %,d "
						+ "reference users (sampled by user bucket beyond onramp.batch.drift-sample-size per day)%n", found.get("features"),
						found.get("drifted"), found.get("dataset_drifted"), ((Number) found.get("current")).longValue(),
						((Number) found.get("reference")).longValue());
				if (users >= 1_000_000) {
					System.out.printf("[onramp-drift] target: 1,000,000 users x 20 features under 60 s: %s%n", seconds < 60 ? "met" : "NOT met");
				}
				else {
					double projected = seconds * 1_000_000.0 / users;
					System.out.printf("[onramp-drift] at this rate 1,000,000 users would take about %.0f s; target under 60 s: %s%n",
							projected, projected < 60 ? "on track" : "NOT met");
				}
			}
		}
		finally {
			postgres.dropSchema(schema);
		}
	}

	/** One user's change of a day, every feature of the registry and the extra ones, as CSV-quoted JSON. */
	private static String changes(List<FeatureDefinition> features, Random random, boolean shifted, long epochSecond) {
		StringBuilder changes = new StringBuilder("{");
		for (FeatureDefinition feature : features) {
			String value = switch (feature.type()) {
				case TEXT -> random.nextDouble() < (shifted ? 0.3 : 0.6) ? "desktop" : "mobile";
				case TIME -> Long.toString(epochSecond * 1000);
				default -> String.format("%.3f", (shifted ? 12 : 10) + 2 * random.nextGaussian());
			};
			changes.append(changes.length() > 1 ? "," : "").append("\"\"").append(feature.name()).append("\"\":\"\"").append(value).append("\"\"");
		}
		for (int extra = 1; extra <= EXTRA_FEATURES; extra++) {
			changes.append(",\"\"extra_").append(extra).append("\"\":\"\"").append(String.format("%.3f", 10 + 2 * random.nextGaussian()))
				.append("\"\"");
		}
		return changes.append('}').toString();
	}

	/** One change per user per day with every feature, by COPY; the eighth day's values are shifted. */
	private static long writeHistory(String url, Endpoints.Postgres postgres, int users, List<FeatureDefinition> features)
			throws Exception {
		Flyway.configure()
			.dataSource(url, postgres.username(), postgres.password())
			.locations("classpath:db/migration")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		Random random = new Random(11);
		long rows = 0;
		try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			for (int d = 0; d < 8; d++) {
				long at = FIRST.plusDays(d).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
				// COPY a slice of users at a time: a million users' day is ~450 MB of text.
				for (int first = 0; first < users; first += COPY_USERS) {
					StringBuilder csv = new StringBuilder(COPY_USERS * 500);
					for (int u = first; u < Math.min(users, first + COPY_USERS); u++) {
						csv.append("u-").append(u).append(',').append(d + 1).append(',')
							.append(Instant.ofEpochSecond(at + u % 3600)).append(",e-").append(u).append('-').append(d)
							.append(",\"").append(changes(features, random, d == 7, at + u)).append("\"\n");
						rows++;
					}
					copy.copyIn("COPY feature_changes (user_id, version, event_time, event_id, changes) FROM STDIN WITH (FORMAT csv)",
							new StringReader(csv.toString()));
				}
			}
		}
		try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
			connection.createStatement().execute("ANALYZE feature_changes");
		}
		return rows;
	}

}
