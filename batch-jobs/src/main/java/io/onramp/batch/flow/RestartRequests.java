package io.onramp.batch.flow;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Carries out the restarts people ask for in rules-admin's Jobs page ({@code job_restart_request}): each
 * pending request restarts its failed (or stopped) execution where it stopped, and records what happened.
 */
public class RestartRequests {

	private static final Logger log = LoggerFactory.getLogger(RestartRequests.class);

	private final JdbcTemplate jdbc;

	private final JobRepository repository;

	private final JobOperator jobs;

	private final Clock clock;

	public RestartRequests(JdbcTemplate jdbc, JobRepository repository, JobOperator jobs, Clock clock) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.jobs = jobs;
		this.clock = clock;
	}

	/** Handles every pending request, oldest first; returns how many. */
	public int handlePending() {
		List<Long> pending = jdbc.queryForList(
				"SELECT execution_id FROM job_restart_request WHERE handled_at IS NULL ORDER BY requested_at", Long.class);
		for (long executionId : pending) {
			String outcome;
			try {
				outcome = restart(executionId);
			}
			catch (Exception ex) {
				outcome = "restart failed: " + ex.getMessage();
			}
			log.info("Restart request for execution {}: {}", executionId, outcome);
			jdbc.update("UPDATE job_restart_request SET handled_at = ?, outcome = ? WHERE execution_id = ?",
					Timestamp.from(clock.instant()), outcome, executionId);
		}
		return pending.size();
	}

	private String restart(long executionId) throws Exception {
		JobExecution execution;
		try {
			execution = repository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException none) {
			execution = null;
		}
		if (execution == null) {
			return "there is no execution " + executionId;
		}
		if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
			return "not restarted: it is " + execution.getStatus();
		}
		JobExecution restarted = jobs.restart(execution);
		return "restarted as execution " + restarted.getId() + ": " + restarted.getStatus();
	}

}
