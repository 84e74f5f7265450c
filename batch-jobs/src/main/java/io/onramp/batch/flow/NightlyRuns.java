package io.onramp.batch.flow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Runs a job ({@code nightly}, or one of its parts {@code featureSnapshot} and {@code driftMonitor}, as a
 * Data Flow composed task runs them) for logical dates the way an Airflow DAG run behaves: a date that completed is
 * skipped, one that failed (or stopped) is restarted where it stopped, one never run is started; the job
 * repository decides which is which. A backfill goes through its dates in order and stops at the first
 * that fails, so no later date is computed on a gap.
 */
public class NightlyRuns {

	/** The job's name. */
	public static final String JOB = "nightly";

	private static final Logger log = LoggerFactory.getLogger(NightlyRuns.class);

	private final JobOperator jobs;

	private final JobRepository repository;

	private final Map<String, Job> byName = new LinkedHashMap<>();

	public NightlyRuns(JobOperator jobs, JobRepository repository, List<Job> runnable) {
		this.jobs = jobs;
		this.repository = repository;
		runnable.forEach(job -> byName.put(job.getName(), job));
	}

	/** Runs (or restarts, or skips) the nightly flow for one date. */
	public Outcome run(LocalDate day) throws Exception {
		return run(JOB, day);
	}

	/** Runs (or restarts, or skips) the job for one date. */
	public Outcome run(String jobName, LocalDate day) throws Exception {
		Job job = byName.get(jobName);
		if (job == null) {
			throw new IllegalArgumentException("There is no job '" + jobName + "'; the jobs are " + byName.keySet());
		}
		JobParameters parameters = new JobParametersBuilder().addLocalDate("logicalDate", day).toJobParameters();
		JobExecution last = repository.getLastJobExecution(jobName, parameters);
		if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
			log.info("{} for {} completed before (execution {}); skipped", jobName, day, last.getId());
			return new Outcome(day, Outcome.Action.SKIPPED, BatchStatus.COMPLETED);
		}
		if (last != null && last.getStatus().isRunning()) {
			log.warn("{} for {} is running (execution {}); not started again", jobName, day, last.getId());
			return new Outcome(day, Outcome.Action.SKIPPED, last.getStatus());
		}
		JobExecution execution = last == null ? jobs.start(job, parameters) : jobs.restart(last);
		return new Outcome(day, last == null ? Outcome.Action.STARTED : Outcome.Action.RESTARTED, execution.getStatus());
	}

	/** Runs the nightly flow for every date from {@code from} to {@code to}, both included, in order; stops at the first failure. */
	public List<Outcome> backfill(LocalDate from, LocalDate to) throws Exception {
		return backfill(JOB, from, to);
	}

	/** Runs the job for every date from {@code from} to {@code to}, both included, in order; stops at the first failure. */
	public List<Outcome> backfill(String jobName, LocalDate from, LocalDate to) throws Exception {
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("A backfill runs from a date to a later one, not from " + from + " to " + to);
		}
		List<Outcome> outcomes = new ArrayList<>();
		for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
			Outcome outcome = run(jobName, day);
			outcomes.add(outcome);
			if (outcome.status() != BatchStatus.COMPLETED) {
				log.error("{} for {} ended {}; the backfill stops here", jobName, day, outcome.status());
				break;
			}
		}
		return outcomes;
	}

	/**
	 * @param day the logical date
	 * @param action what was done
	 * @param status how it ended
	 */
	public record Outcome(LocalDate day, Action action, BatchStatus status) {

		/** What a run did with its date. */
		public enum Action {

			STARTED, RESTARTED, SKIPPED

		}

	}

}
