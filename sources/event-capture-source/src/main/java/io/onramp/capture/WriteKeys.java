package io.onramp.capture;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The applications allowed to send events, found by the SHA-256 of the write key they present (the keys
 * themselves are never stored), each with its allowed browser origins and its rate limit (a Bucket4j
 * token bucket per key and capture instance, one token per event).
 */
class WriteKeys {

	private final Map<String, Application> byHash = new ConcurrentHashMap<>();

	WriteKeys(Map<String, CaptureProperties.WriteKey> keys) {
		keys.forEach((application, key) -> {
			if (key.getKeySha256() == null || !key.getKeySha256().matches("[0-9a-fA-F]{64}")) {
				throw new IllegalStateException("onramp.capture.write-keys." + application
						+ ".key-sha256: needs the SHA-256 of the application's write key, 64 hex digits (printf %s KEY | sha256sum)");
			}
			Bucket bucket = Bucket.builder()
				.addLimit(Bandwidth.builder()
					.capacity(Math.max(key.getBurst(), key.getEventsPerSecond()))
					.refillGreedy(key.getEventsPerSecond(), Duration.ofSeconds(1))
					.build())
				.build();
			byHash.put(key.getKeySha256().toLowerCase(), new Application(application, Set.copyOf(key.getAllowedOrigins()), bucket));
		});
	}

	/** The application whose write key this is, if any. */
	Optional<Application> find(String writeKey) {
		if (writeKey == null || writeKey.isBlank()) {
			return Optional.empty();
		}
		return Optional.ofNullable(byHash.get(CaptureProperties.WriteKey.hash(writeKey.strip())));
	}

	/** Every origin some key allows, for the CORS preflight (which carries no key). */
	Set<String> allOrigins() {
		Set<String> origins = new LinkedHashSet<>();
		byHash.values().forEach(application -> origins.addAll(application.allowedOrigins()));
		return origins;
	}

	/**
	 * @param name the application's name
	 * @param allowedOrigins the browser origins that may send with its key
	 * @param bucket its rate limit
	 */
	record Application(String name, Set<String> allowedOrigins, Bucket bucket) {

		/** Takes {@code events} tokens; returns 0 when they were taken, else the seconds to wait. */
		long take(int events) {
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
			return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		}

	}

}
