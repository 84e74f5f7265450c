package io.onramp.evaluator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/** Settings of the trigger evaluator. */
@ConfigurationProperties("onramp.evaluator")
public class EvaluatorProperties {

	/** The ruleset to evaluate, as ruleset JSON; the starter ruleset ships with Onramp. */
	private Resource ruleset = new org.springframework.core.io.ClassPathResource("onramp/rulesets/starter.json");

	/** How long the last decided experience of a user is remembered, to emit only changes. */
	private Duration decisionTtl = Duration.ofDays(30);

	public Resource getRuleset() {
		return ruleset;
	}

	public void setRuleset(Resource ruleset) {
		this.ruleset = ruleset;
	}

	public Duration getDecisionTtl() {
		return decisionTtl;
	}

	public void setDecisionTtl(Duration decisionTtl) {
		this.decisionTtl = decisionTtl;
	}

}
