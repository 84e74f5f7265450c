package io.onramp.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.onramp.contracts.Event;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's procedure for erasing a user from the lake, on files the sink wrote. */
class LakeErasureTest {

	@TempDir
	Path lake;

	@Test
	void theReadmeStatementsRemoveTheUserAndKeepEverythingElse() throws Exception {
		LakeProperties properties = new LakeProperties();
		properties.setRollInterval(Duration.ofHours(1));
		properties.setRollEvents(4);
		LakeWriter writer = new LakeWriter(new LocalLakeTarget(lake), lake.resolve("_staging/instance-0"), properties,
				Clock.systemUTC(), new SimpleMeterRegistry());
		Instant at = Instant.parse("2026-11-27T09:00:00Z");
		for (int i = 0; i < 10; i++) {
			String user = i % 3 == 0 ? "u-42" : "u-" + i;
			String anonymous = i == 1 ? "a-42" : null;
			writer.add(new Event("e-" + i, "click", anonymous != null ? null : user, anonymous, "s-1", at, at.plusSeconds(i),
					null, Map.of("i", i), 1), 100, () -> {
					});
		}
		writer.flush();

		String glob = lake + "/dt=*/hour=*/*.parquet";
		List<String> files = LakeFiles.query("SELECT DISTINCT filename FROM read_parquet('" + glob + "', filename = true) "
				+ "WHERE user_id = 'u-42' OR anonymous_id = 'a-42' ORDER BY filename")
			.stream()
			.map(row -> (String) row.get("filename"))
			.toList();
		assertThat(files).hasSize(3);
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
			for (String file : files) {
				statement.execute("COPY (SELECT * FROM read_parquet('" + file + "', hive_partitioning = false) "
						+ "WHERE user_id IS DISTINCT FROM 'u-42' AND anonymous_id IS DISTINCT FROM 'a-42') "
						+ "TO '" + file + ".erased' (FORMAT parquet, COMPRESSION snappy)");
				Files.move(Path.of(file + ".erased"), Path.of(file), StandardCopyOption.REPLACE_EXISTING);
			}
		}

		List<Map<String, Object>> rows = LakeFiles.rows(lake);
		assertThat(rows).extracting(row -> row.get("event_id")).containsExactly("e-2", "e-4", "e-5", "e-7", "e-8");
		assertThat(rows.get(0)).containsEntry("user_id", "u-2").containsEntry("properties", "{\"i\":2}")
			.containsEntry("received_us", at.plusSeconds(2).toEpochMilli() * 1_000).containsEntry("hour", 9);
	}

}
