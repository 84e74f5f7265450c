package io.onramp.batch.drift;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.onramp.batch.DriftJobProperties;
import io.onramp.features.FeatureRegistry;

/** {@code driftMonitor}: D's drift against its reference, stored per feature and per run. */
@Configuration(proxyBeanMethods = false)
class DriftJobConfiguration {

	@Bean
	DriftMonitor driftMonitor(JdbcTemplate jdbc, DriftJobProperties properties) {
		return new DriftMonitor(jdbc, FeatureRegistry.defaults(), properties, Clock.systemUTC());
	}

	@Bean
	Job driftMonitorJob(JobRepository jobRepository, Step measureDrift) {
		return new JobBuilder("driftMonitor", jobRepository).start(measureDrift).build();
	}

	@Bean
	Step measureDrift(JobRepository jobRepository, PlatformTransactionManager transactionManager, DriftMonitor monitor) {
		return new StepBuilder("measureDrift", jobRepository).tasklet((contribution, context) -> {
			monitor.run((LocalDate) context.getStepContext().getJobParameters().get("logicalDate"));
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
