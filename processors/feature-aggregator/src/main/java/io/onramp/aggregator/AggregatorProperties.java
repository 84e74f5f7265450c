package io.onramp.aggregator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the feature aggregator. */
@ConfigurationProperties("onramp.aggregator")
public class AggregatorProperties {

	/**
	 * How long an applied event's id is remembered. A redelivery within this time is recognized and not
	 * counted again; keep it longer than the broker could ever redeliver (retention, DLQ replays).
	 */
	private Duration appliedEventTtl = Duration.ofDays(7);

	/** How long a user's features live after their last event; inactive users expire. */
	private Duration featureTtl = Duration.ofDays(30);

	public Duration getAppliedEventTtl() {
		return appliedEventTtl;
	}

	public void setAppliedEventTtl(Duration appliedEventTtl) {
		this.appliedEventTtl = appliedEventTtl;
	}

	public Duration getFeatureTtl() {
		return featureTtl;
	}

	public void setFeatureTtl(Duration featureTtl) {
		this.featureTtl = featureTtl;
	}

}
