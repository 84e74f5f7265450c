package io.onramp.evaluator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code /actuator/health/ruleset}: the release this evaluator runs, and the last release it refused. */
class RulesetHealthIndicator implements HealthIndicator {

	private final ActiveRuleset activeRuleset;

	RulesetHealthIndicator(ActiveRuleset activeRuleset) {
		this.activeRuleset = activeRuleset;
	}

	@Override
	public Health health() {
		Health.Builder health = activeRuleset.loaded()
			.map(loaded -> Health.up()
				.withDetail("release", loaded.ruleset().releaseNumber())
				.withDetail("rules", loaded.ruleset().release().ruleset().rules().size())
				.withDetail("publishedBy", loaded.ruleset().release().publishedBy())
				.withDetail("loadedAt", loaded.loadedAt().toString()))
			.orElseGet(() -> Health.down().withDetail("release", "none loaded"));
		activeRuleset.lastRefusal().ifPresent(refusal -> health.withDetail("lastRefused", java.util.Map.of(
				"release", refusal.release(), "at", refusal.at().toString(),
				"problems", refusal.problems().stream().map(p -> p.path() + ": " + p.message()).toList())));
		return health.build();
	}

}
