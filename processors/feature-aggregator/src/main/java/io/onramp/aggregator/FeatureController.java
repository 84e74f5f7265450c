package io.onramp.aggregator;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureClient.UserFeatures;

/** {@code GET /v1/users/{id}/features}: the user's current features, typed (404 for a user with none). */
@RestController
class FeatureController {

	private final FeatureClient features;

	FeatureController(FeatureClient features) {
		this.features = features;
	}

	@GetMapping("/v1/users/{userId}/features")
	ResponseEntity<UserFeatures> features(@PathVariable String userId) {
		return ResponseEntity.of(features.find(userId));
	}

}
