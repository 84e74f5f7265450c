package io.onramp.lake;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Down while files cannot be written or published (the input is held back meanwhile), with the reason. */
final class LakeHealthIndicator implements HealthIndicator {

	private final LakeWriter writer;

	LakeHealthIndicator(LakeWriter writer) {
		this.writer = writer;
	}

	@Override
	public Health health() {
		Throwable failure = writer.lastFailure();
		Health.Builder health = failure == null ? Health.up() : Health.down().withDetail("error", failure.toString());
		return health.withDetail("location", writer.location()).withDetail("bufferedEvents", writer.buffered()).build();
	}

}
