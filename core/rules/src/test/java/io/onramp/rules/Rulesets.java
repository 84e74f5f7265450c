package io.onramp.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.onramp.contracts.Event;

/** Test helpers: rulesets from JSON, and evaluation inputs. */
final class Rulesets {

	static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private Rulesets() {
	}

	static CompiledRuleset compile(String rulesetJson) {
		return CompiledRuleset.compile(release(rulesetJson));
	}

	static RulesetRelease release(String rulesetJson) {
		return new RulesetRelease(1, NOW, "test", RulesetJson.read(rulesetJson));
	}

	static CompiledRuleset starter() {
		return CompiledRuleset.compile(new RulesetRelease(1, NOW, "test", RulesetJson.readResource("onramp/rulesets/starter.json")));
	}

	/** A ruleset of one rule with this condition, setting the compact layout. */
	static String oneRule(String condition) {
		return oneRule(condition, "");
	}

	/** A ruleset of one rule with this condition and extra rule fields (JSON members ending with a comma). */
	static String oneRule(String condition, String extraFields) {
		return """
				{"defaults":{"layout":"standard","density":"high"},
				 "rules":[{"id":"r", %s "when":%s,"then":[{"setLayout":"compact"}]}]}
				""".formatted(extraFields, condition);
	}

	static EvaluationInput input(Map<String, Object> features) {
		return input("u-1", features, Set.of(), event("click", "s-1", NOW));
	}

	static EvaluationInput input(String userId, Map<String, Object> features, Set<String> changed, Event event) {
		return new EvaluationInput(userId, features, changed, event, Map.of());
	}

	static Event event(String type, String sessionId, Instant at) {
		return new Event("e-" + at.toEpochMilli(), type, "u-1", null, sessionId, at, at,
				new Event.EventContext("mobile", "iOS", null, null, new Event.Page("/onboarding/2", "Profile"),
						new Event.Screen(390, 844)),
				Map.of("step", 2, "plan", "pro"), 1);
	}

}
