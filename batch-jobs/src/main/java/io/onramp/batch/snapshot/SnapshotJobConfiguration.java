package io.onramp.batch.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.onramp.batch.DriftJobProperties;

/**
 * {@code featureSnapshot}: every user's features as of the end of logical date D (UTC) into
 * {@code user_snapshot} ({@link FeatureSnapshots}). First D's earlier snapshot is removed, so a rerun
 * replaces it; then the users are written {@code snapshot-slices} ranges of buckets at a time, each range one
 * transaction whose number is kept in the step's execution context, so a failed run restarts at the range
 * that failed. The last range records the snapshot as complete and removes snapshots past their retention.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotJobConfiguration {

	static final String JOB = "featureSnapshot";

	private static final Logger log = LoggerFactory.getLogger(SnapshotJobConfiguration.class);

	private static final String SLICE = "slice";

	private static final String PREVIOUS_TAKEN_AT = "previousTakenAt";

	@Bean
	FeatureSnapshots featureSnapshots(JdbcTemplate jdbc, DriftJobProperties properties) {
		return new FeatureSnapshots(jdbc, properties.getInactiveAfter(), Clock.systemUTC());
	}

	@Bean
	Job featureSnapshot(JobRepository jobRepository, Step clearSnapshot, Step snapshotUsers) {
		return new JobBuilder(JOB, jobRepository).start(clearSnapshot).next(snapshotUsers).build();
	}

	@Bean
	Step clearSnapshot(JobRepository jobRepository, PlatformTransactionManager transactionManager, FeatureSnapshots snapshots) {
		return new StepBuilder("clearSnapshot", jobRepository).tasklet((contribution, context) -> {
			snapshots.clear((LocalDate) context.getStepContext().getJobParameters().get("logicalDate"));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step snapshotUsers(JobRepository jobRepository, PlatformTransactionManager transactionManager, FeatureSnapshots snapshots,
			DriftJobProperties properties) {
		int slices = properties.getSnapshotSlices();
		return new StepBuilder("snapshotUsers", jobRepository).tasklet((contribution, context) -> {
			LocalDate day = (LocalDate) context.getStepContext().getJobParameters().get("logicalDate");
			ExecutionContext progress = context.getStepContext().getStepExecution().getExecutionContext();
			if (!progress.containsKey(SLICE)) {
				// Decided once per run and kept, so a restart builds the remaining ranges the same way.
				Instant previous = snapshots.previousTakenAt(day);
				progress.putLong(PREVIOUS_TAKEN_AT, previous == null ? -1 : previous.toEpochMilli());
				progress.putInt(SLICE, 0);
			}
			int slice = progress.getInt(SLICE);
			long previousMillis = progress.getLong(PREVIOUS_TAKEN_AT);
			Instant previous = previousMillis < 0 ? null : Instant.ofEpochMilli(previousMillis);
			int users = snapshots.write(day, slice * FeatureSnapshots.BUCKETS / slices, (slice + 1) * FeatureSnapshots.BUCKETS / slices,
					previous);
			contribution.incrementWriteCount(users);
			progress.putInt(SLICE, slice + 1);
			if (slice + 1 < slices) {
				return RepeatStatus.CONTINUABLE;
			}
			long total = snapshots.complete(day, previous != null);
			int purged = snapshots.purgeBefore(day.minus(properties.getSnapshotRetention()).plusDays(1));
			log.info("Snapshot of {}: {} users ({}){}", day, total, previous == null ? "from the whole history" : "from the day before",
					purged > 0 ? "; " + purged + " rows past retention removed" : "");
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
