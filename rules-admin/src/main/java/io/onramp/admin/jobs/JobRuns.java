package io.onramp.admin.jobs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import io.onramp.admin.audit.AuditLog;
import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.NotFoundException;

/**
 * batch-jobs' run history, from its Spring Batch job repository in the same database, and restarts of
 * failed runs, asked for here and carried out by batch-jobs ({@code job_restart_request}). Before batch-jobs
 * has ever run there are no such tables, and no runs.
 */
public class JobRuns {

	private final JdbcClient jdbc;

	private final AuditLog audit;

	public JobRuns(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** The latest runs, newest first, with their logical date and any restart asked for. */
	@Transactional(readOnly = true)
	public List<Run> latest(int limit) {
		if (!available()) {
			return List.of();
		}
		return jdbc.sql("""
				SELECT e.job_execution_id, i.job_name, p.parameter_value AS logical_date, e.status, e.start_time, e.end_time,
				       e.exit_message, r.requested_by, r.handled_at, r.outcome
				FROM batch_job_execution e
				JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'logicalDate'
				LEFT JOIN job_restart_request r ON r.execution_id = e.job_execution_id
				ORDER BY e.job_execution_id DESC LIMIT ?
				""").param(limit).query((row, n) -> new Run(row.getLong("job_execution_id"), row.getString("job_name"),
					row.getString("logical_date"), row.getString("status"), instant(row.getTimestamp("start_time")),
					instant(row.getTimestamp("end_time")), row.getString("exit_message"), row.getString("requested_by"),
					row.getTimestamp("handled_at") != null, row.getString("outcome")))
			.list();
	}

	/** Asks batch-jobs to restart a failed run; audited. */
	@Transactional
	public void requestRestart(long executionId, String user) {
		if (!available()) {
			throw new NotFoundException("batch-jobs has not run yet; there is no run " + executionId + ".");
		}
		String status = jdbc.sql("SELECT status FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("There is no run " + executionId + "."));
		if (!status.equals("FAILED") && !status.equals("STOPPED")) {
			throw new ConflictException("Run " + executionId + " is " + status + "; only a failed or stopped run restarts.");
		}
		int asked = jdbc.sql("INSERT INTO job_restart_request (execution_id, requested_by) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(executionId, user)
			.update();
		if (asked == 0) {
			throw new ConflictException("A restart of run " + executionId + " was asked for already.");
		}
		audit.record(user, "job.restart_requested", "job-execution:" + executionId, Map.of("status", status));
	}

	private boolean available() {
		return jdbc.sql("SELECT to_regclass('batch_job_execution') IS NOT NULL AND to_regclass('job_restart_request') IS NOT NULL")
			.query(Boolean.class)
			.single();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	/**
	 * @param executionId the run
	 * @param job which job
	 * @param logicalDate its logical date
	 * @param status how it ended (or STARTED)
	 * @param started when it started
	 * @param ended when it ended, or {@code null}
	 * @param exitMessage why it failed, when it did
	 * @param restartRequestedBy who asked for a restart, or {@code null}
	 * @param restartHandled whether batch-jobs has carried it out
	 * @param restartOutcome what happened
	 */
	public record Run(long executionId, String job, String logicalDate, String status, Instant started, Instant ended,
			String exitMessage, String restartRequestedBy, boolean restartHandled, String restartOutcome) {

		public boolean restartable() {
			return ("FAILED".equals(status) || "STOPPED".equals(status)) && restartRequestedBy == null;
		}

	}

}
