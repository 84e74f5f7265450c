package io.onramp.batch;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * batch-jobs as Data Flow and Kubernetes run it: a process per run, its arguments naming the job and date.
 * Spring Cloud Task records each run as a task execution with its arguments and exit code, linked to the
 * Spring Batch job executions it ran, in the same Postgres.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRecordingTest {

	private final Endpoints.Postgres postgres = TestServices.postgres();

	private final String schema = TestServices.uniqueName("batch_task");

	private String url;

	private JdbcTemplate jdbc;

	@BeforeAll
	void history() {
		url = postgres.createSchema(schema);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, postgres.username(), postgres.password());
		jdbc = SyntheticHistory.write(dataSource);
	}

	@AfterAll
	void dropSchema() {
		postgres.dropSchema(schema);
	}

	@Test
	void eachRunIsATaskExecutionWithItsExitCodeAndItsJobs() {
		assertThat(run("--logical-date=" + SyntheticHistory.FIRST)).isZero();
		assertThat(run("--job=driftMonitor", "--logical-date=2030-01-01")).as("no snapshot for that day").isOne();
		// As a composed task's step, by properties (Data Flow may pass them as SPRING_APPLICATION_JSON).
		assertThat(run("--onramp.batch.job=featureSnapshot", "--onramp.batch.logical-date=" + SyntheticHistory.FIRST.plusDays(1))).isZero();

		List<Map<String, Object>> executions = jdbc.queryForList(
				"SELECT task_execution_id, task_name, exit_code, end_time FROM task_execution ORDER BY task_execution_id");
		assertThat(executions).hasSize(3).allSatisfy(execution -> {
			assertThat(execution).containsEntry("task_name", "batch-jobs");
			assertThat(execution.get("end_time")).isNotNull();
		});
		assertThat(executions).extracting(execution -> execution.get("exit_code")).containsExactly(0, 1, 0);
		assertThat(jdbc.queryForList("SELECT task_param FROM task_execution_params WHERE task_execution_id = ?", String.class,
				executions.get(0).get("task_execution_id"))).contains("--logical-date=" + SyntheticHistory.FIRST);
		assertThat(jobsOf(executions.get(0))).containsExactly("nightly");
		assertThat(jobsOf(executions.get(2))).containsExactly("featureSnapshot");
	}

	/** The Spring Batch jobs a task execution ran. */
	private List<String> jobsOf(Map<String, Object> taskExecution) {
		return jdbc.queryForList("""
				SELECT j.job_name FROM task_task_batch t
				JOIN batch_job_execution e ON e.job_execution_id = t.job_execution_id
				JOIN batch_job_instance j ON j.job_instance_id = e.job_instance_id
				WHERE t.task_execution_id = ?""", String.class, taskExecution.get("task_execution_id"));
	}

	/** Runs the app once, as its main method does; returns its exit code. */
	private int run(String... args) {
		String[] all = new String[args.length + 5];
		all[0] = "--spring.datasource.url=" + url;
		all[1] = "--spring.datasource.username=" + postgres.username();
		all[2] = "--spring.datasource.password=" + postgres.password();
		all[3] = "--spring.main.banner-mode=off";
		all[4] = "--server.port=0";
		System.arraycopy(args, 0, all, 5, args.length);
		ConfigurableApplicationContext app = SpringApplication.run(BatchJobsApplication.class, all);
		return SpringApplication.exit(app);
	}

}
