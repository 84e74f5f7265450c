package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /v1/users/{id}}: erases the user's data from the online store and the offline history
 * (GDPR erasure). Requires
 * {@code Authorization: Bearer <onramp.aggregator.erasure-token>}; with no token configured, erasure is
 * off and the endpoint answers 403.
 */
@RestController
class ErasureController {

	private static final Logger log = LoggerFactory.getLogger(ErasureController.class);

	private final UserErasure erasure;

	private final HistoryWriter history;

	private final AggregatorProperties properties;

	ErasureController(UserErasure erasure, HistoryWriter history, AggregatorProperties properties) {
		this.erasure = erasure;
		this.history = history;
		this.properties = properties;
	}

	@DeleteMapping("/v1/users/{userId}")
	ResponseEntity<?> erase(@PathVariable String userId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		String token = properties.getErasureToken();
		if (token == null || token.isBlank()) {
			return problem(HttpStatus.FORBIDDEN, "Erasure is off: set onramp.aggregator.erasure-token to enable it.");
		}
		String expected = "Bearer " + token;
		if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				authorization.getBytes(StandardCharsets.UTF_8))) {
			return problem(HttpStatus.UNAUTHORIZED, "Send Authorization: Bearer <erasure token>.");
		}
		int historyRows = history.erase(userId);
		int snapshotRows = history.eraseSnapshots(userId);
		long deleted = erasure.erase(userId);
		log.info("Erased user {}: {} keys, {} history rows, {} snapshot rows", userId, deleted, historyRows, snapshotRows);
		return ResponseEntity.ok(Map.of("userId", userId, "keysDeleted", deleted, "historyRowsDeleted", historyRows,
				"snapshotRowsDeleted", snapshotRows));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
