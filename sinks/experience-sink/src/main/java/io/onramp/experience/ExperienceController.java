package io.onramp.experience;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;

/**
 * {@code GET /v1/users/{id}/experience}: the latest decision (404 before the first one).
 * {@code GET /v1/users/{id}/experience/stream}: Server-Sent Events, the latest decision first, then each new one.
 */
@RestController
class ExperienceController {

	private final ExperienceStore store;

	private final ExperienceStreams streams;

	ExperienceController(ExperienceStore store, ExperienceStreams streams) {
		this.store = store;
		this.streams = streams;
	}

	@GetMapping(path = "/v1/users/{userId}/experience", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> experience(@PathVariable String userId) {
		return ResponseEntity.of(store.findJson(userId));
	}

	@GetMapping(path = "/v1/users/{userId}/experience/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable String userId) {
		// Register first, then send the current state: a decision arriving in between is sent too, and the
		// page orders them by the event id (the feature version).
		SseEmitter emitter = streams.open(userId);
		store.findJson(userId).ifPresent(json -> streams.send(userId, emitter,
				OnrampJson.mapper().readValue(json, ExperienceDecision.class).featureVersion(), json));
		return emitter;
	}

}
