package io.onramp.lake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.onramp.testsupport.DuckDbQuery;

/**
 * Reads lake files back with DuckDB, a Parquet reader independent of the one that wrote them, with the
 * partition columns {@code dt} and {@code hour} taken from the directory names (hive partitioning).
 */
final class LakeFiles {

	private LakeFiles() {
	}

	/**
	 * The published files, {@code dt=*}/{@code hour=*}/{@code *.parquet}, as a reader should look for them:
	 * never into {@code _staging}, where files come and go while the sink writes.
	 */
	static List<Path> parquetFiles(Path root) throws IOException {
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return files;
		}
		try (DirectoryStream<Path> days = Files.newDirectoryStream(root, "dt=*")) {
			for (Path day : days) {
				try (DirectoryStream<Path> hours = Files.newDirectoryStream(day, "hour=*")) {
					for (Path hour : hours) {
						try (DirectoryStream<Path> parts = Files.newDirectoryStream(hour, "*.parquet")) {
							parts.forEach(files::add);
						}
					}
				}
			}
		}
		files.sort(null);
		return files;
	}

	/** Every row under {@code root}, ordered by event id, each as column name → value. */
	static List<Map<String, Object>> rows(Path root) throws SQLException {
		return query("""
				SELECT event_id, type, user_id, anonymous_id, session_id, epoch_us(occurred_at) AS occurred_us,
				       epoch_us(received_at) AS received_us, schema_version, device, os, browser, locale, page_path,
				       page_title, screen_width, screen_height, properties, CAST(dt AS VARCHAR) AS dt, CAST(hour AS INTEGER) AS hour, filename
				FROM read_parquet('%s/dt=*/hour=*/*.parquet', hive_partitioning = true, filename = true)
				ORDER BY event_id
				""".formatted(root.toAbsolutePath()));
	}

	static List<Map<String, Object>> query(String sql) throws SQLException {
		return DuckDbQuery.rows(sql);
	}

}
