package io.onramp.benchmarks;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.aggregator.AggregatorProperties;
import io.onramp.aggregator.RedisFeatureStore;
import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureRegistry;
import io.onramp.testsupport.DuckDbQuery;

/**
 * The lake read back with DuckDB (a Parquet reader independent of the one that wrote it) and its events
 * replayed, each user's in event-time order, through the aggregator's own feature store into fresh keys: the
 * features the lake says each user should have. A row the lake holds twice is applied once, as the store
 * applies every event id once.
 */
final class LakeReplay {

	private static final int BATCH = 500;

	private LakeReplay() {
	}

	/** Replays every event in {@code lake} into the feature keys under {@code prefix}; returns the rows read. */
	static long recompute(Path lake, StringRedisTemplate redis, String prefix) throws SQLException {
		RedisFeatureStore store = new RedisFeatureStore(redis, new RedisKeys(prefix), new AggregatorProperties(),
				FeatureRegistry.defaults());
		List<Map<String, Object>> rows = query(lake, """
				SELECT event_id, type, user_id, anonymous_id, session_id, epoch_us(occurred_at) AS occurred_us,
				       epoch_us(received_at) AS received_us, schema_version, device, os, browser, locale, page_path, page_title,
				       screen_width, screen_height, properties
				FROM %s ORDER BY user_id, occurred_us, filename, file_row_number
				""");
		List<Event> batch = new ArrayList<>(BATCH);
		for (Map<String, Object> row : rows) {
			batch.add(event(row));
			if (batch.size() == BATCH) {
				store.applyAll(batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			store.applyAll(batch);
		}
		return rows.size();
	}

	@SuppressWarnings("unchecked")
	private static Event event(Map<String, Object> row) {
		Event.Page page = row.get("page_path") == null && row.get("page_title") == null ? null
				: new Event.Page((String) row.get("page_path"), (String) row.get("page_title"));
		Event.Screen screen = row.get("screen_width") == null ? null
				: new Event.Screen((Integer) row.get("screen_width"), (Integer) row.get("screen_height"));
		Event.EventContext context = new Event.EventContext((String) row.get("device"), (String) row.get("os"),
				(String) row.get("browser"), (String) row.get("locale"), page, screen);
		return new Event((String) row.get("event_id"), (String) row.get("type"), (String) row.get("user_id"),
				(String) row.get("anonymous_id"), (String) row.get("session_id"), micros(row.get("occurred_us")),
				micros(row.get("received_us")), context, OnrampJson.mapper().readValue((String) row.get("properties"), Map.class),
				(Integer) row.get("schema_version"));
	}

	private static Instant micros(Object value) {
		if (value == null) {
			return null;
		}
		long micros = ((Number) value).longValue();
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

	/**
	 * Runs {@code sql} with {@code %s} standing for every published lake file under {@code lake} (never the
	 * staging directory), with each row's file name and row number in it.
	 */
	static List<Map<String, Object>> query(Path lake, String sql) throws SQLException {
		String files = "read_parquet('%s/dt=*/hour=*/*.parquet', hive_partitioning = false, filename = true, file_row_number = true)"
			.formatted(lake.toAbsolutePath());
		return DuckDbQuery.rows(sql.replace("%s", files));
	}

}
