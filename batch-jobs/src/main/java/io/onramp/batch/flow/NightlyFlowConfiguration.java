package io.onramp.batch.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.onramp.batch.DriftJobProperties;
import io.onramp.batch.drift.DriftAlerts;

/**
 * {@code nightly}: the DAG snapshot → drift → alert as one job whose only identifying parameter is the
 * logical date. It reuses the snapshot job's steps and the drift step; a failed run restarts at the step
 * that failed. The alert step retries with backoff (a broker or webhook that is briefly away).
 */
@Configuration(proxyBeanMethods = false)
class NightlyFlowConfiguration {

	@Bean
	Job nightly(JobRepository jobRepository, Step clearSnapshot, Step snapshotUsers, Step measureDrift, Step alertDrift) {
		return new JobBuilder(NightlyRuns.JOB, jobRepository).start(clearSnapshot)
			.next(snapshotUsers)
			.next(measureDrift)
			.next(alertDrift)
			.build();
	}

	@Bean
	DriftAlerts driftAlerts(JdbcTemplate jdbc, StreamBridge streamBridge, DriftJobProperties properties) {
		return new DriftAlerts(jdbc, streamBridge, properties.getAlertWebhook());
	}

	@Bean
	Step alertDrift(JobRepository jobRepository, PlatformTransactionManager transactionManager, DriftAlerts alerts) {
		RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(4)
			.delay(Duration.ofSeconds(1))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(30))
			.build());
		return new StepBuilder("alertDrift", jobRepository).tasklet((contribution, context) -> {
			LocalDate day = (LocalDate) context.getStepContext().getJobParameters().get("logicalDate");
			try {
				retry.execute(() -> alerts.alert(day));
			}
			catch (RetryException ex) {
				throw new IllegalStateException("Alerting the drift of " + day + " failed", ex.getCause());
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	RestartRequests restartRequests(JdbcTemplate jdbc, JobRepository jobRepository, JobOperator jobOperator) {
		return new RestartRequests(jdbc, jobRepository, jobOperator, Clock.systemUTC());
	}

	@Bean
	NightlyCommand nightlyCommand(NightlyRuns runs, RestartRequests restarts, DriftJobProperties properties,
			ApplicationEventPublisher events) {
		return new NightlyCommand(runs, restarts, properties, Clock.systemUTC(), events);
	}

	@Bean
	ApplicationRunner nightlyOnStartup(NightlyCommand command) {
		return command.onStartup();
	}

	@Bean
	NightlyRuns nightlyRuns(JobOperator jobOperator, JobRepository jobRepository, List<Job> jobs) {
		return new NightlyRuns(jobOperator, jobRepository, jobs);
	}

}
