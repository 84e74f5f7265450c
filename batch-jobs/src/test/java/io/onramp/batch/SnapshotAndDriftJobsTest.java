package io.onramp.batch;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import io.onramp.batch.snapshot.FeatureSnapshots;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The snapshot and drift jobs on real Postgres (job repository, history, snapshots, results), over
 * {@link SyntheticHistory}; drift is found on the day the distributions shift and not on the day
 * before; a snapshot that fails in one of its ranges restarts at that range and completes without
 * duplicates; a rerun replaces.
 */
@SpringBootTest(properties = { "onramp.batch.snapshot-slices=8", "onramp.batch.run-on-startup=false" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotAndDriftJobsTest {

	private static final int USERS = SyntheticHistory.USERS;

	private static final LocalDate FIRST = SyntheticHistory.FIRST;

	private static final LocalDate D1 = SyntheticHistory.D1;

	private static final LocalDate D2 = SyntheticHistory.D2;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		OnrampTestProperties.postgres(registry, "batch_drift");
	}

	@Autowired
	JobOperator jobs;

	@Autowired
	@Qualifier("featureSnapshot")
	Job featureSnapshot;

	@Autowired
	@Qualifier("driftMonitorJob")
	Job driftMonitor;

	@Autowired
	DataSource dataSource;

	@MockitoSpyBean
	FeatureSnapshots snapshots;

	private JdbcTemplate jdbc;

	@BeforeAll
	void history() {
		jdbc = SyntheticHistory.write(dataSource);
	}

	@Test
	void driftIsFoundOnTheShiftedDayAndNotOnTheDayBefore() throws Exception {
		for (int d = 0; d <= 8; d++) {
			assertThat(run(featureSnapshot, FIRST.plusDays(d)).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		}
		assertThat(count("SELECT count(*) FROM user_snapshot WHERE logical_date = ?", D1)).isEqualTo(USERS);
		assertThat(count("SELECT count(*) FROM user_snapshot, jsonb_each(features) WHERE logical_date = ?", D1)).isEqualTo(USERS * 2);
		assertThat(jdbc.queryForList("SELECT incremental FROM snapshot_run ORDER BY logical_date", Boolean.class))
			.as("the first day from the whole history, each next one from the day before").startsWith(false, true, true)
			.hasSize(9);

		assertThat(run(driftMonitor, D1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run(driftMonitor, D2).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		Map<String, Object> stable = jdbc.queryForMap("SELECT * FROM drift_run WHERE logical_date = ?", Date.valueOf(D1));
		Map<String, Object> shifted = jdbc.queryForMap("SELECT * FROM drift_run WHERE logical_date = ?", Date.valueOf(D2));
		assertThat(stable).containsEntry("dataset_drifted", false).containsEntry("drifted", 0).containsEntry("features", 2);
		assertThat(stable.get("reference_from").toString()).isEqualTo(FIRST.toString());
		assertThat(shifted).containsEntry("dataset_drifted", true).containsEntry("drifted", 2);
		List<Map<String, Object>> results = jdbc.queryForList(
				"SELECT feature, method, drifted FROM drift_result WHERE logical_date = ? ORDER BY feature", Date.valueOf(D2));
		assertThat(results).extracting(row -> row.get("feature") + " " + row.get("method") + " " + row.get("drifted"))
			.containsExactly("device_type CHI_SQUARED true", "engagement_score KOLMOGOROV_SMIRNOV true");
	}

	@Test
	void aSnapshotThatFailsInARangeRestartsThereAndARerunReplaces() throws Exception {
		LocalDate day = FIRST.plusDays(3);
		// The third of eight ranges (buckets 256..383) fails once.
		SyntheticHistory.failOnce(snapshots, 256);

		JobExecution first = run(featureSnapshot, day, "restart-test");
		assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
		long before256 = jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM feature_changes WHERE (hashtext(user_id) & 1023) < 256",
				Long.class);
		assertThat(before256).isBetween(20L, 80L);
		assertThat(count("SELECT count(*) FROM user_snapshot WHERE logical_date = ?", day))
			.as("the ranges before the failing one are committed").isEqualTo(before256);
		assertThat(count("SELECT count(*) FROM snapshot_run WHERE logical_date = ?", day)).as("not complete").isZero();

		clearInvocations(snapshots);
		JobExecution restarted = jobs.restart(first);
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		verify(snapshots, never()).write(any(), eq(0), anyInt(), any());
		verify(snapshots, never()).write(any(), eq(128), anyInt(), any());
		verify(snapshots).write(any(), eq(256), eq(384), any());
		StepExecution users = restarted.getStepExecutions().stream()
			.filter(step -> step.getStepName().equals("snapshotUsers"))
			.findFirst()
			.orElseThrow();
		assertThat(users.getWriteCount()).as("only the users of the remaining ranges").isEqualTo(USERS - before256);
		assertThat(count("SELECT count(*) FROM user_snapshot WHERE logical_date = ?", day)).isEqualTo(USERS);
		assertThat(count("SELECT users FROM snapshot_run WHERE logical_date = ?", day)).isEqualTo(USERS);

		jdbc.update("UPDATE user_snapshot SET features = features || '{\"device_type\": \"stale\"}' WHERE logical_date = ?",
				Date.valueOf(day));
		assertThat(run(featureSnapshot, day, "rerun").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(count("SELECT count(*) FROM user_snapshot WHERE logical_date = ? AND features ->> 'device_type' = 'stale'", day))
			.isZero();
		assertThat(count("SELECT count(*) FROM user_snapshot WHERE logical_date = ?", day)).isEqualTo(USERS);
	}

	private JobExecution run(Job job, LocalDate day, String... run) throws Exception {
		JobParametersBuilder parameters = new JobParametersBuilder().addLocalDate("logicalDate", day);
		if (run.length > 0) {
			parameters.addString("run", run[0]);
		}
		JobParameters built = parameters.toJobParameters();
		return jobs.start(job, built);
	}

	private long count(String sql, LocalDate day) {
		return jdbc.queryForObject(sql, Long.class, Date.valueOf(day));
	}

}
