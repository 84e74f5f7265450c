package io.onramp.experience;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.StreamTokens;

/**
 * {@code GET /v1/users/{id}/experience}: the latest decision (404 before the first one), one Redis read.
 * {@code GET /v1/users/{id}/experience/stream}: Server-Sent Events, the latest decision first (unless the
 * page already has it, by {@code Last-Event-ID}), then each new one.
 *
 * <p>Both need a stream token for the user ({@link StreamTokens}), as {@code Authorization: Bearer} or, for
 * EventSource, which cannot set headers, as the {@code access_token} query parameter. A missing or bad
 * token answers 401 with the reason.
 */
@RestController
class ExperienceController {

	private final ExperienceStore store;

	private final ExperienceStreams streams;

	private final StreamTokens tokens;

	ExperienceController(ExperienceStore store, ExperienceStreams streams, StreamTokens tokens) {
		this.store = store;
		this.streams = streams;
		this.tokens = tokens;
	}

	@GetMapping(path = "/v1/users/{userId}/experience", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> experience(@PathVariable String userId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestParam(name = "access_token", required = false) String accessToken) {
		tokens.verify(token(authorization, accessToken), userId);
		return ResponseEntity.of(store.findJson(userId));
	}

	@GetMapping(path = "/v1/users/{userId}/experience/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable String userId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestParam(name = "access_token", required = false) String accessToken,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		tokens.verify(token(authorization, accessToken), userId);
		// Register first, then queue the current state: a decision arriving in between is queued too, and
		// the stream sends each only if it is newer than the last it sent.
		ExperienceStreams.Stream stream = streams.open(userId, StreamId.parse(lastEventId));
		store.findJson(userId).ifPresent(json -> stream
			.offerDecision(StreamId.of(OnrampJson.mapper().readValue(json, ExperienceDecision.class)), json));
		return stream.emitter();
	}

	@ExceptionHandler(StreamTokens.InvalidTokenException.class)
	ResponseEntity<ProblemDetail> invalidToken(StreamTokens.InvalidTokenException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
		problem.setTitle("Stream token refused");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String token(String authorization, String accessToken) {
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).strip();
		}
		return accessToken;
	}

}
