package io.onramp.admin;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The Jobs page over batch-jobs' job repository (Spring Batch's schema, batch-jobs' migrations, in the same
 * database): the runs with their logical dates, and a restart of a failed run asked for by an approver.
 */
@SpringBootTest
@AutoConfigureMockMvc
class JobsPageTest {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_jobs");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	DataSource dataSource;

	@Test
	void runsAreListedAndAFailedOneCanBeRestartedByAnApprover() throws Exception {
		assertThat(page("VIEWER")).contains("batch-jobs has not run yet.");

		try (Connection connection = dataSource.getConnection()) {
			ScriptUtils.executeSqlScript(connection, new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"));
		}
		BatchJobsTables.migrate(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO batch_job_instance VALUES (1, 0, 'nightly', 'key-1'), (2, 0, 'nightly', 'key-2')");
		jdbc.update("""
				INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time, end_time,
				    status, exit_code, exit_message, last_updated)
				VALUES (10, 0, 1, now(), now(), now(), 'FAILED', 'FAILED', 'IllegalStateException: the history database went away', now()),
				       (11, 0, 2, now(), now(), now(), 'COMPLETED', 'COMPLETED', '', now())""");
		jdbc.update("""
				INSERT INTO batch_job_execution_params VALUES (10, 'logicalDate', 'java.time.LocalDate', '2026-11-26', 'Y'),
				                                              (11, 'logicalDate', 'java.time.LocalDate', '2026-11-25', 'Y')""");

		String viewer = page("VIEWER");
		assertThat(viewer).contains("data-execution=\"10\"").contains("2026-11-26").contains("the history database went away")
			.doesNotContain("class=\"restart\"");
		assertThat(page("APPROVER")).contains("/jobs/10/restart").doesNotContain("/jobs/11/restart");

		assertThat(restart(10, "EDITOR").getResponse().getStatus()).isEqualTo(403);
		MvcResult asked = restart(10, "APPROVER");
		assertThat(asked.getFlashMap().get("message")).asString().contains("Restart of run 10 asked for");
		assertThat(jdbc.queryForObject("SELECT requested_by FROM job_restart_request WHERE execution_id = 10", String.class))
			.isEqualTo("someone");
		assertThat(restart(10, "APPROVER").getFlashMap().get("error")).asString().contains("asked for already");
		assertThat(restart(11, "APPROVER").getFlashMap().get("error")).asString().contains("is COMPLETED");
		assertThat(page("VIEWER")).contains("restart asked by someone, pending");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action = 'job.restart_requested'", Long.class))
			.isEqualTo(1);
	}

	private String page(String role) throws Exception {
		return mvc.perform(get("/jobs").with(user("someone").roles(role))).andReturn().getResponse().getContentAsString();
	}

	private MvcResult restart(long execution, String role) throws Exception {
		return mvc.perform(post("/jobs/" + execution + "/restart").with(user("someone").roles(role)).with(csrf())).andReturn();
	}

}
