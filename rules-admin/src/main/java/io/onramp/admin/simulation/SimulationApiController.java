package io.onramp.admin.simulation;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.onramp.contracts.OnrampJson;

/** Simulation and backtests of a rule version, before it is published. */
@RestController
class SimulationApiController {

	private final SimulationService simulations;

	SimulationApiController(SimulationService simulations) {
		this.simulations = simulations;
	}

	/**
	 * Body: {@code {"version": 2, "userId": "u-1"}} for a real user, or {@code {"features": {...}}} for a typed
	 * feature vector; without {@code version}, the latest.
	 */
	@PostMapping("/api/rules/{id}/simulate")
	SimulationService.Result simulate(@PathVariable String id, @RequestBody String body) {
		JsonNode request = OnrampJson.mapper().readTree(body);
		Integer version = request.hasNonNull("version") ? request.get("version").asInt() : null;
		String userId = request.path("userId").asString(null);
		Map<String, Object> features = request.has("features")
				? OnrampJson.mapper().convertValue(request.get("features"), OnrampJson.mapper().getTypeFactory()
					.constructMapType(Map.class, String.class, Object.class))
				: null;
		return simulations.simulate(id, version, userId, features);
	}

	@GetMapping("/api/rules/{id}/versions/{version}/backtest")
	SimulationService.Backtest backtest(@PathVariable String id, @PathVariable int version,
			@RequestParam(defaultValue = "7") int days) {
		return simulations.backtest(id, version, days);
	}

}
