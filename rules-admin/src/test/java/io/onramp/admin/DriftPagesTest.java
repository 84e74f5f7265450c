package io.onramp.admin;

import java.sql.Date;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The drift pages over batch-jobs' results (its own migrations, in the same database): the runs, one run's
 * report with its charts, and rules reading a drifted feature flagged for review in the rule list.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DriftPagesTest {

	private static final LocalDate DAY = LocalDate.parse("2026-11-26");

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_drift");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	DataSource dataSource;

	@Test
	void theReportShowsEachFeatureAndTheRulesUsingADriftedOneNeedReview() throws Exception {
		assertThat(page("/drift")).contains("No drift run yet.");

		BatchJobsTables.migrate(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO drift_run VALUES (?, ?, ?, 2, 1, false, now())", Date.valueOf(DAY), Date.valueOf(DAY.minusDays(7)),
				Date.valueOf(DAY.minusDays(1)));
		jdbc.update("INSERT INTO drift_result VALUES (?, 'engagement_score', 'KOLMOGOROV_SMIRNOV', 0.0001, 0.05, true, 0.31, 70, 10)",
				Date.valueOf(DAY));
		jdbc.update("INSERT INTO drift_result VALUES (?, 'device_type', 'CHI_SQUARED', 0.6, 0.05, false, 0.01, 70, 10)",
				Date.valueOf(DAY));
		for (int u = 0; u < 10; u++) {
			for (int d = 0; d <= 7; d++) {
				LocalDate day = DAY.minusDays(d);
				jdbc.update("""
						INSERT INTO user_snapshot VALUES (?, hashtext(?) & 1023, ?, now(),
						    jsonb_build_object('engagement_score', ?::text, 'device_type', ?::text))""", Date.valueOf(day), "u-" + u,
						"u-" + u, Integer.toString(d == 0 ? 10 + u : u), u % 3 == 0 ? "mobile" : "desktop");
			}
		}
		for (int d = 0; d <= 7; d++) {
			jdbc.update("INSERT INTO snapshot_run VALUES (?, now(), 10, true)", Date.valueOf(DAY.minusDays(d)));
		}
		String rule = """
				{"rule": {"id": "engaged", "name": "Engaged users", "priority": 5,
				 "when": {"all": [{"feature": "engagement_score", "op": "gt", "value": 5}]}, "then": [{"setDensity": "low"}]}}""";
		assertThat(mvc.perform(post("/api/rules").with(AdminTestUsers.EDITOR.basic()).contentType(MediaType.APPLICATION_JSON).content(rule))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(201);

		assertThat(page("/drift")).contains("/drift/2026-11-26").contains("1 of 2");
		String report = page("/drift/2026-11-26");
		assertThat(report).contains("data-feature=\"engagement_score\"").contains("KOLMOGOROV_SMIRNOV").contains("CHI_SQUARED")
			.contains("<svg")
			.contains("class=\"current\"");
		assertThat(page("/rules")).contains("needs review: engagement_score drifted on 2026-11-26");
		assertThat(mvc.perform(get("/drift/2020-01-01").with(user("vera").roles("VIEWER"))).andReturn().getResponse().getStatus())
			.isEqualTo(404);
	}

	private String page(String path) throws Exception {
		return mvc.perform(get(path).with(user("vera").roles("VIEWER"))).andReturn().getResponse().getContentAsString();
	}

}
