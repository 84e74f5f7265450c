package io.onramp.aggregator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import io.onramp.features.FeatureRegistry;

/** Settings of the feature aggregator. */
@ConfigurationProperties("onramp.aggregator")
public class AggregatorProperties {

	/**
	 * How long an applied event's id is remembered. A redelivery within this time is recognized and not
	 * counted again; keep it longer than the broker could ever redeliver (retention, DLQ replays) and than
	 * the longest aggregator outage. Each remembered event takes about 264 bytes of Redis memory, so the
	 * marks need about events/s × this TTL in seconds × 264 bytes (160 GB at 1,000 events/s over 7 days).
	 */
	private Duration appliedEventTtl = Duration.ofDays(7);

	/**
	 * The feature registry: which features are computed and how (see FeatureRegistry for the format).
	 * Defaults to the onboarding features Onramp ships with.
	 */
	private Resource registry = new ClassPathResource(FeatureRegistry.DEFAULT_RESOURCE);

	/**
	 * The bearer token that authorizes {@code DELETE /v1/users/{id}} (erasure of a user's data). Unset,
	 * erasure is off. Supply it from a secret, never in a committed file.
	 */
	private String erasureToken;

	/** How long the offline feature history keeps a change, by event time. */
	private Duration historyRetention = Duration.ofDays(90);

	/** How often history older than the retention is removed. */
	private Duration historyCleanupInterval = Duration.ofHours(1);

	/**
	 * How long a user's features live after their last event; inactive users expire. All of a user's keys
	 * expire together, between this and this plus an eighth of it (at most an hour) after the last event: the
	 * deadline is moved on once that slack has passed, not at every event.
	 */
	private Duration featureTtl = Duration.ofDays(30);

	/**
	 * How long a batch is retried, with backoff from 200 ms to 5 s, while Redis or Postgres is unreachable.
	 * Past that the binder parks the batch in its dead-letter destination for replay. On Kafka keep it well
	 * under the consumer's {@code max.poll.interval.ms} (5 minutes by default).
	 */
	private Duration outageRetry = Duration.ofMinutes(2);

	public Duration getOutageRetry() {
		return outageRetry;
	}

	public void setOutageRetry(Duration outageRetry) {
		this.outageRetry = outageRetry;
	}

	public Duration getAppliedEventTtl() {
		return appliedEventTtl;
	}

	public void setAppliedEventTtl(Duration appliedEventTtl) {
		this.appliedEventTtl = appliedEventTtl;
	}

	public Duration getHistoryRetention() {
		return historyRetention;
	}

	public void setHistoryRetention(Duration historyRetention) {
		this.historyRetention = historyRetention;
	}

	public Duration getHistoryCleanupInterval() {
		return historyCleanupInterval;
	}

	public void setHistoryCleanupInterval(Duration historyCleanupInterval) {
		this.historyCleanupInterval = historyCleanupInterval;
	}

	public String getErasureToken() {
		return erasureToken;
	}

	public void setErasureToken(String erasureToken) {
		this.erasureToken = erasureToken;
	}

	public Resource getRegistry() {
		return registry;
	}

	public void setRegistry(Resource registry) {
		this.registry = registry;
	}

	public Duration getFeatureTtl() {
		return featureTtl;
	}

	public void setFeatureTtl(Duration featureTtl) {
		this.featureTtl = featureTtl;
	}

}
