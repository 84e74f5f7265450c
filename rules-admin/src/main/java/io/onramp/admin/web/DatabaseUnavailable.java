package io.onramp.admin.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.transaction.CannotCreateTransactionException;

import io.onramp.contracts.OnrampJson;

/**
 * rules-admin's answer while its Postgres is unreachable (stopped, restarting, failing over, out of
 * connections): 503 with the reason and when to try again, instead of a 500, or a 401 that would tell a
 * user with the right password that it is wrong. Rules, versions and releases already saved stay saved;
 * the evaluators keep running the published release, which they hold themselves.
 */
public final class DatabaseUnavailable {

	/** Seconds a client should wait before it tries again. */
	static final String RETRY_AFTER_SECONDS = "5";

	static final String DETAIL = "The rules database is unavailable right now; nothing was changed. Try again in a few seconds.";

	private DatabaseUnavailable() {
	}

	/** Whether {@code failure} is, or was caused by, the database being unreachable. */
	public static boolean causedBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException) {
				return true;
			}
		}
		return false;
	}

	/** The problem detail rules-admin answers with. */
	public static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
		problem.setTitle("Rules database unavailable");
		return problem;
	}

	static ResponseEntity<ProblemDetail> response() {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem());
	}

	/**
	 * Signing in could not look the user up: 503 when the database is why, otherwise what {@code otherwise}
	 * answers (401 and a challenge, for HTTP Basic).
	 */
	public static AuthenticationEntryPoint or(AuthenticationEntryPoint otherwise) {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) -> {
			if (!causedBy(failure)) {
				otherwise.commence(request, response, failure);
				return;
			}
			write(response);
		};
	}

	private static void write(HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(OnrampJson.mapper().writeValueAsBytes(problem()));
	}

}
