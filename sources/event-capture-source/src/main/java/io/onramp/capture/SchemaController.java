package io.onramp.capture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.onramp.contracts.EventSchema;

/**
 * The event schemas, for the teams who instrument their product: {@code GET /v1/schemas} lists the
 * envelope and every event type with its versions; {@code GET /v1/schemas/{type}/{version}} (and
 * {@code /v1/schemas/envelope/{version}}) is one schema document.
 */
@RestController
class SchemaController {

	private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

	private final EventSchema schemas;

	SchemaController(EventSchema schemas) {
		this.schemas = schemas;
	}

	@GetMapping(path = "/v1/schemas", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> index() {
		Map<String, Object> types = new LinkedHashMap<>();
		schemas.types().forEach((type, versions) -> {
			int latest = versions.get(versions.size() - 1);
			types.put(type, Map.of("versions", versions, "latest", latest, "href", "/v1/schemas/" + type + "/" + latest));
		});
		return Map.of("envelope", Map.of("version", schemas.envelopeVersion(), "href",
				"/v1/schemas/envelope/" + schemas.envelopeVersion()), "types", types);
	}

	@GetMapping("/v1/schemas/{type}/{version}")
	ResponseEntity<?> schema(@PathVariable String type, @PathVariable String version) {
		int number;
		try {
			number = Integer.parseInt(version.startsWith("v") ? version.substring(1) : version);
		}
		catch (NumberFormatException ex) {
			return notFound("'" + version + "' is not a schema version; versions are numbers");
		}
		if ("envelope".equals(type)) {
			return number == schemas.envelopeVersion()
					? ResponseEntity.ok().contentType(SCHEMA_JSON).body(EventSchema.resource(EventSchema.envelopePath(number)))
					: notFound("the envelope has version " + schemas.envelopeVersion() + " only");
		}
		List<Integer> versions = schemas.types().get(type);
		if (versions == null) {
			return notFound("no event type '" + type + "'; the types are " + schemas.types().keySet());
		}
		if (!versions.contains(number)) {
			return notFound("event type " + type + " has no schema version " + number + "; its versions are " + versions);
		}
		return ResponseEntity.ok().contentType(SCHEMA_JSON).body(EventSchema.resource(EventSchema.typePath(type, number)));
	}

	private static ResponseEntity<ProblemDetail> notFound(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setTitle("No such schema");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
