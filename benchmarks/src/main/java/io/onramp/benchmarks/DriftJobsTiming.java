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
import java.util.Random;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

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
					features.size());
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
						+ "(%.0f users/s), peak heap %d MiB; each reference snapshot took %.1f s%n", users, features.size(),
						snapshot.status(), snapshotSeconds, drift.status(), seconds - snapshotSeconds, seconds, users / seconds, peak >> 20,
						referenceSeconds / 7);
				double projected = seconds * 1_000_000.0 / users;
				System.out.printf("[onramp-drift] at this rate 1,000,000 users would take about %.0f s; target under 60 s: %s%n",
						projected, projected < 60 ? "on track" : "NOT met");
			}
		}
		finally {
			postgres.dropSchema(schema);
		}
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
			for (int d = 0; d < 8; d++) {
				StringBuilder copy = new StringBuilder(users * 400);
				long at = FIRST.plusDays(d).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
				for (int u = 0; u < users; u++) {
					StringBuilder changes = new StringBuilder("{");
					for (FeatureDefinition feature : features) {
						if (changes.length() > 1) {
							changes.append(',');
						}
						String value = switch (feature.type()) {
							case TEXT -> random.nextDouble() < (d == 7 ? 0.3 : 0.6) ? "desktop" : "mobile";
							case TIME -> Long.toString((at + u) * 1000);
							default -> String.format("%.3f", (d == 7 ? 12 : 10) + 2 * random.nextGaussian());
						};
						changes.append("\"\"").append(feature.name()).append("\"\":\"\"").append(value).append("\"\"");
					}
					changes.append('}');
					copy.append("u-").append(u).append(',').append(d + 1).append(',')
						.append(Instant.ofEpochSecond(at + u % 3600)).append(",e-").append(u).append('-').append(d)
						.append(",\"").append(changes).append("\"\n");
					rows++;
				}
				connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn("COPY feature_changes (user_id, version, event_time, event_id, changes) FROM STDIN WITH (FORMAT csv)",
							new StringReader(copy.toString()));
			}
		}
		return rows;
	}

}
