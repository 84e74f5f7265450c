package io.onramp.aggregator;

import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/** Upgrading a history written one row per feature (V1) keeps every change, now read through the view. */
class HistoryMigrationTest {

	@Test
	void movesEveryChangeIntoOneRowPerEventAndKeepsThePerFeatureView() {
		String schema = TestServices.uniqueName("history_migration");
		Endpoints.Postgres postgres = TestServices.postgres();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.createSchema(schema), postgres.username(),
				postgres.password());
		try {
			Flyway.configure().dataSource(dataSource).target("1").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			String insert = "INSERT INTO feature_history (user_id, feature, version, value, event_time, event_id) "
					+ "VALUES (?, ?, ?, ?, '2026-11-27T09:00:00Z'::timestamptz + (? || ' seconds')::interval, ?)";
			jdbc.update(insert, "u1", "events_total", 1, "1", "0", "e1");
			jdbc.update(insert, "u1", "device_type", 1, "desktop", "0", "e1");
			jdbc.update(insert, "u1", "events_total", 2, "2", "60", "e2");
			jdbc.update(insert, "u2", "events_total", 1, "1", "30", "e3");

			Flyway.configure().dataSource(dataSource).load().migrate();

			assertThat(jdbc.queryForObject("SELECT count(*) FROM feature_changes", Long.class)).isEqualTo(3);
			List<Map<String, Object>> rows = jdbc.queryForList(
					"SELECT user_id, feature, version, value, event_id FROM feature_history ORDER BY user_id, version, feature");
			assertThat(rows).extracting(row -> row.get("user_id") + "/" + row.get("feature") + "/" + row.get("version") + "="
					+ row.get("value") + "@" + row.get("event_id"))
				.containsExactly("u1/device_type/1=desktop@e1", "u1/events_total/1=1@e1", "u1/events_total/2=2@e2",
						"u2/events_total/1=1@e3");
		}
		finally {
			postgres.dropSchema(schema);
		}
	}

}
