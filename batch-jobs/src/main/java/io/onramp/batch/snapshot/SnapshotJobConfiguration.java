package io.onramp.batch.snapshot;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.PostgresPagingQueryProvider;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.onramp.batch.DriftJobProperties;
import io.onramp.features.FeatureHistory;
import io.onramp.features.FeatureRegistry;

/**
 * {@code featureSnapshot}: for logical date D, every user's features as of the end of D (UTC), from the
 * offline history, into {@code feature_snapshot}. First D's earlier snapshot is removed, so a rerun
 * replaces it; then users are read in pages by id and written in chunks, each chunk one transaction, so a
 * failed run restarts after its last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotJobConfiguration {

	static final String JOB = "featureSnapshot";

	@Bean
	Job featureSnapshot(JobRepository jobRepository, Step clearSnapshot, Step snapshotUsers) {
		return new JobBuilder(JOB, jobRepository).start(clearSnapshot).next(snapshotUsers).build();
	}

	@Bean
	Step clearSnapshot(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
		return new StepBuilder("clearSnapshot", jobRepository).tasklet((contribution, context) -> {
			LocalDate day = (LocalDate) context.getStepContext().getJobParameters().get("logicalDate");
			jdbc.update("DELETE FROM feature_snapshot WHERE logical_date = ?", Date.valueOf(day));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step snapshotUsers(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<String> snapshotUserReader, ItemProcessor<String, List<SnapshotRow>> snapshotProcessor,
			ItemWriter<List<SnapshotRow>> snapshotWriter, DriftJobProperties properties) {
		return new StepBuilder("snapshotUsers", jobRepository).<String, List<SnapshotRow>>chunk(properties.getChunkSize())
			.transactionManager(transactionManager)
			.reader(snapshotUserReader)
			.processor(snapshotProcessor)
			.writer(snapshotWriter)
			.faultTolerant()
			.retry(TransientDataAccessException.class)
			.retryLimit(3)
			.build();
	}

	/** The users with any history before the end of D, by id, a page at a time (restartable after the last id read). */
	@Bean
	@StepScope
	JdbcPagingItemReader<String> snapshotUserReader(DataSource dataSource, DriftJobProperties properties,
			@Value("#{jobParameters['logicalDate']}") LocalDate logicalDate) throws Exception {
		PostgresPagingQueryProvider query = new PostgresPagingQueryProvider();
		query.setSelectClause("SELECT DISTINCT user_id");
		query.setFromClause("FROM feature_changes");
		query.setWhereClause("event_time < :end");
		query.setSortKeys(Map.of("user_id", Order.ASCENDING));
		return new JdbcPagingItemReaderBuilder<String>().name("snapshotUsers")
			.dataSource(dataSource)
			.queryProvider(query)
			.parameterValues(Map.of("end", Timestamp.from(endOf(logicalDate))))
			.pageSize(properties.getChunkSize())
			.rowMapper((row, n) -> row.getString("user_id"))
			.build();
	}

	@Bean
	FeatureHistory featureHistory(JdbcTemplate jdbc) {
		return new FeatureHistory(jdbc, FeatureRegistry.defaults());
	}

	/** One user's features as of the end of D. */
	@Bean
	@StepScope
	ItemProcessor<String, List<SnapshotRow>> snapshotProcessor(FeatureHistory history,
			@Value("#{jobParameters['logicalDate']}") LocalDate logicalDate) {
		Instant lastMoment = endOf(logicalDate).minusNanos(1_000);
		return userId -> {
			List<SnapshotRow> rows = new ArrayList<>();
			history.asOf(userId, lastMoment).forEach((feature, value) -> rows.add(new SnapshotRow(userId, feature, stored(value))));
			return rows.isEmpty() ? null : rows;
		};
	}

	@Bean
	@StepScope
	ItemWriter<List<SnapshotRow>> snapshotWriter(JdbcTemplate jdbc, @Value("#{jobParameters['logicalDate']}") LocalDate logicalDate) {
		Date day = Date.valueOf(logicalDate);
		return chunk -> {
			List<Object[]> rows = new ArrayList<>();
			chunk.forEach(user -> user.forEach(row -> rows.add(new Object[] { day, row.userId(), row.feature(), row.value() })));
			jdbc.batchUpdate("""
					INSERT INTO feature_snapshot (logical_date, user_id, feature, value) VALUES (?, ?, ?, ?)
					ON CONFLICT (logical_date, feature, user_id) DO UPDATE SET value = EXCLUDED.value
					""", rows);
		};
	}

	static Instant endOf(LocalDate day) {
		return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** Numbers as the store writes them: whole numbers without a fraction. */
	private static String stored(Object value) {
		if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
			return Long.toString(number.longValue());
		}
		return String.valueOf(value);
	}

}
