package io.onramp.capture;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

	EventController(EventIntake intake, EventPublisher publisher, CaptureProperties properties) {
		this.intake = intake;
		this.publisher = publisher;
		this.properties = properties;
	}

	@PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> capture(@RequestBody byte[] body) {
		List<Event> events = intake.accept(parse(body));
		publisher.publish(events);
		return ResponseEntity.accepted()
			.body(Map.of("accepted", events.size(), "eventIds", events.stream().map(Event::eventId).toList()));
	}

	private static JsonNode parse(byte[] body) {
		try {
			return OnrampJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidEventsException(
					List.of(new io.onramp.contracts.EventSchema.Violation("(body)", "not valid JSON: " + ex.getOriginalMessage())));
		}
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidEventsException ex) {
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
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Batch too large");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> brokerDown(BrokerUnavailableException ex) {
		log.warn("Answering 503: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The events were not accepted; send them again (same eventIds) after the delay.");
		problem.setTitle("Broker unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.getRetryAfterSeconds()))
			.body(problem);
	}

}
