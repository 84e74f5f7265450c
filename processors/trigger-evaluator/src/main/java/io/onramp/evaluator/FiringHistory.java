package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.RedisKeys;
import io.onramp.rules.FrequencyCap.Firing;

/**
 * When each frequency-capped rule last fired for a user, in a Redis hash per user
 * ({@code ruleId -> epochMillis|sessionId|eventId}).
 */
class FiringHistory {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	FiringHistory(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
	}

	/**
	 * The user's firings, without those recorded for {@code eventId} itself: a redelivered event is
	 * evaluated as it was the first time, so it decides the same experience.
	 */
	Map<String, Firing> find(String userId, String eventId) {
		Map<String, Firing> firings = new HashMap<>();
		redis.<String, String>opsForHash().entries(keys.firings(userId)).forEach((ruleId, value) -> {
			String[] parts = value.split("\\|", 3);
			if (parts.length == 3 && !parts[2].equals(eventId)) {
				firings.put(ruleId, new Firing(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1].isEmpty() ? null : parts[1]));
			}
		});
		return firings;
	}

	void record(String userId, List<String> ruleIds, Instant at, String sessionId, String eventId) {
		if (ruleIds.isEmpty()) {
			return;
		}
		String value = at.toEpochMilli() + "|" + (sessionId == null ? "" : sessionId) + "|" + eventId;
		Map<String, String> entries = new HashMap<>();
		ruleIds.forEach(ruleId -> entries.put(ruleId, value));
		redis.opsForHash().putAll(keys.firings(userId), entries);
		redis.expire(keys.firings(userId), ttl);
	}

}
