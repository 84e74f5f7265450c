package io.onramp.evaluator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/** Settings of the trigger evaluator. */
@ConfigurationProperties("onramp.evaluator")
public class EvaluatorProperties {

	/**
	 * The ruleset published as the first release when Redis holds none yet (a new deployment), as ruleset
	 * JSON. Once any release exists, evaluators run the active release from Redis and ignore this.
	 */
	private Resource bootstrapRuleset = new ClassPathResource("onramp/rulesets/starter.json");

	/**
	 * How often the evaluator checks Redis for a new active release, in case it missed the "rules changed"
	 * notification (a reconnect, a network blip). Notifications normally make the switch within milliseconds.
	 */
	private Duration reloadPollInterval = Duration.ofSeconds(5);

	/** How long the last decided experience and the frequency-cap history of a user are remembered. */
	private Duration decisionTtl = Duration.ofDays(30);

	/**
	 * How long a batch of feature updates is retried, with backoff from 200 ms to 5 s, while Redis is
	 * unreachable. Past that the binder parks the batch in its dead-letter destination for replay. On Kafka
	 * keep it well under the consumer's {@code max.poll.interval.ms} (5 minutes by default).
	 */
	private Duration outageRetry = Duration.ofMinutes(2);

	public Resource getBootstrapRuleset() {
		return bootstrapRuleset;
	}

	public void setBootstrapRuleset(Resource bootstrapRuleset) {
		this.bootstrapRuleset = bootstrapRuleset;
	}

	public Duration getReloadPollInterval() {
		return reloadPollInterval;
	}

	public void setReloadPollInterval(Duration reloadPollInterval) {
		this.reloadPollInterval = reloadPollInterval;
	}

	public Duration getOutageRetry() {
		return outageRetry;
	}

	public void setOutageRetry(Duration outageRetry) {
		this.outageRetry = outageRetry;
	}

	public Duration getDecisionTtl() {
		return decisionTtl;
	}

	public void setDecisionTtl(Duration decisionTtl) {
		this.decisionTtl = decisionTtl;
	}

}
