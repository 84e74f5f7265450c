package io.onramp.capture;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.onramp.capture.EventIntake.BatchTooLargeException;
import io.onramp.capture.EventIntake.InvalidEventsException;
import io.onramp.capture.EventPublisher.BrokerUnavailableException;
import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;

/**
 * {@code POST /v1/events}: one event or a JSON array of events.
 *
 * <p>202 with the event ids once the broker acknowledged every event; 400 naming each failing field
 * when any event is invalid (nothing is sent); 413 for an oversized batch; 503 with Retry-After when the
 * broker did not acknowledge.
 */
@RestController
class EventController {

	private static final Logger log = LoggerFactory.getLogger(EventController.class);

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final CaptureProperties properties;

	private final WriteKeys writeKeys;

	private final CaptureMetrics metrics;

	EventController(EventIntake intake, EventPublisher publisher, CaptureProperties properties, WriteKeys writeKeys,
			CaptureMetrics metrics) {
		this.intake = intake;
		this.publisher = publisher;
		this.properties = properties;
		this.writeKeys = writeKeys;
		this.metrics = metrics;
	}

	/**
	 * The write key comes as {@code Authorization: Bearer <key>} or, for {@code navigator.sendBeacon} which
	 * cannot set headers, as the {@code writeKey} query parameter. The body is JSON; {@code text/plain} is
	 * read as JSON too, because a beacon with that type needs no CORS preflight.
	 */
	@Operation(summary = "Send one event or a batch",
			description = "The body is one event or a JSON array of up to 500 (at most 1 MiB, gzip allowed); see "
					+ "GET /v1/schemas. 202 only after the broker acknowledged every event; otherwise nothing is sent.",
			security = @SecurityRequirement(name = "writeKey"))
	@ApiResponse(responseCode = "202", description = "Accepted: {accepted, eventIds}")
	@ApiResponse(responseCode = "400", description = "An event is invalid; errors name each field")
	@ApiResponse(responseCode = "401", description = "No or unknown write key")
	@ApiResponse(responseCode = "403", description = "The page's origin is not allowed for this key")
	@ApiResponse(responseCode = "413", description = "More than 500 events or 1 MiB")
	@ApiResponse(responseCode = "429", description = "Over the key's rate limit; see Retry-After")
	@ApiResponse(responseCode = "503", description = "The broker did not acknowledge; send again after Retry-After")
	@PostMapping(path = "/v1/events", consumes = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE })
	ResponseEntity<Map<String, Object>> capture(HttpServletRequest request,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestParam(name = "writeKey", required = false) String writeKeyParam,
			@RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin) throws IOException {
		String writeKey = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				? authorization.substring(7) : writeKeyParam;
		WriteKeys.Application application = writeKeys.find(writeKey)
			.orElseThrow(() -> new RequestRefusedException(HttpStatus.UNAUTHORIZED, "Unknown write key",
					writeKey == null || writeKey.isBlank() ? "no write key (Authorization: Bearer <key> or ?writeKey=)"
							: "the write key is not one of this installation's"));
		if (origin != null && !application.allowedOrigins().contains(origin)) {
			throw new RequestRefusedException(HttpStatus.FORBIDDEN, "Origin not allowed",
					"pages on " + origin + " may not send events with the write key of " + application.name());
		}
		List<Event> events = intake.accept(parse(RequestBodies.read(request, properties.getMaxBodySize().toBytes())));
		long wait = application.take(events.size());
		if (wait > 0) {
			throw new RateLimitedException(application.name(), wait);
		}
		publisher.publish(events);
		metrics.accepted(events.size());
		return ResponseEntity.accepted()
			.body(Map.of("accepted", events.size(), "eventIds", events.stream().map(Event::eventId).toList()));
	}

	private static JsonNode parse(byte[] body) {
		if (isBlank(body)) {
			throw new InvalidEventsException(List.of(new io.onramp.contracts.EventSchema.Violation("(body)",
					"the body is empty; send one event or an array of events")));
		}
		try {
			return OnrampJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidEventsException(
					List.of(new io.onramp.contracts.EventSchema.Violation("(body)", "not valid JSON: " + ex.getOriginalMessage())));
		}
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(RequestRefusedException ex) {
		metrics.rejected(switch (ex.status()) {
			case UNAUTHORIZED -> "unauthorized";
			case FORBIDDEN -> "forbidden";
			case CONTENT_TOO_LARGE -> "too_large";
			case UNSUPPORTED_MEDIA_TYPE -> "unsupported";
			default -> "invalid";
		});
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setTitle(ex.title());
		return ResponseEntity.status(ex.status()).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
		metrics.rejected("rate_limited");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"The events were not accepted: " + ex.application() + " is over its rate limit; send them again after "
						+ ex.retryAfterSeconds() + " s.");
		problem.setTitle("Rate limit");
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem);
	}

	/** A request refused before its events were read: unknown key, origin not allowed, body too large. */
	static class RequestRefusedException extends RuntimeException {

		private final HttpStatus status;

		private final String title;

		RequestRefusedException(HttpStatus status, String title, String detail) {
			super(detail);
			this.status = status;
			this.title = title;
		}

		HttpStatus status() {
			return status;
		}

		String title() {
			return title;
		}

	}

	/** The application sent more than its rate allows. */
	static class RateLimitedException extends RuntimeException {

		private final String application;

		private final long retryAfterSeconds;

		RateLimitedException(String application, long retryAfterSeconds) {
			super(application + " is over its rate limit");
			this.application = application;
			this.retryAfterSeconds = retryAfterSeconds;
		}

		String application() {
			return application;
		}

		long retryAfterSeconds() {
			return retryAfterSeconds;
		}

	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidEventsException ex) {
		metrics.rejected("invalid");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request was rejected and nothing of it was sent. " + ex.violations().get(0).field() + ": "
						+ ex.violations().get(0).message());
		problem.setTitle("Invalid event");
		problem.setType(URI.create("https://onramp.io/problems/invalid-event"));
		problem.setProperty("errors", ex.violations());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(BatchTooLargeException ex) {
		metrics.rejected("too_large");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Batch too large");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> brokerDown(BrokerUnavailableException ex) {
		metrics.rejected("broker_unavailable");
		log.warn("Answering 503: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The events were not accepted; send them again (same eventIds) after the delay.");
		problem.setTitle("Broker unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.getRetryAfterSeconds()))
			.body(problem);
	}

}
