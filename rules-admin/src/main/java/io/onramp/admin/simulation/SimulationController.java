package io.onramp.admin.simulation;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.onramp.admin.web.InvalidRuleException;
import io.onramp.admin.web.NotFoundException;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.RuleProblem;

/** The "try it" page of a rule: a simulation on a user or a feature vector, and a backtest. */
@Controller
class SimulationController {

	private static final String SIMULATION = "rules/simulation";

	private final SimulationService simulations;

	SimulationController(SimulationService simulations) {
		this.simulations = simulations;
	}

	@GetMapping("/rules/{id}/simulate")
	String simulate(@PathVariable String id, @RequestParam(required = false) Integer version,
			@RequestParam(required = false) String userId, @RequestParam(required = false) String features,
			@RequestParam(required = false) Integer days, Model model) {
		model.addAttribute("ruleId", id);
		model.addAttribute("userId", userId);
		model.addAttribute("featuresJson", features);
		try {
			if ((userId != null && !userId.isBlank()) || (features != null && !features.isBlank())) {
				Map<String, Object> typed = userId != null && !userId.isBlank() ? null : parse(features);
				model.addAttribute("result", simulations.simulate(id, version, userId, typed));
			}
			if (days != null) {
				model.addAttribute("backtest", simulations.backtest(id, version == null ? 1 : version, days));
			}
		}
		catch (NotFoundException | InvalidRuleException | IllegalArgumentException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("version", version);
		return SIMULATION;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String features) {
		try {
			return OnrampJson.mapper().readValue(features, Map.class);
		}
		catch (RuntimeException ex) {
			throw new InvalidRuleException(List.of(new RuleProblem("features",
					"Write the features as a JSON object, for example {\"device_type\": \"mobile\", \"steps_completed\": 2}.")));
		}
	}

}
