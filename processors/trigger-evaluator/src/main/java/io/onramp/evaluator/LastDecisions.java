package io.onramp.evaluator;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Experience;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;

/** The last experience decided per user, kept in Redis so that every evaluator instance emits only changes. */
class LastDecisions {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	LastDecisions(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
	}

	Optional<LastDecision> find(String userId) {
		String json = redis.opsForValue().get(keys.lastDecision(userId));
		return Optional.ofNullable(json).map(value -> OnrampJson.mapper().readValue(value, LastDecision.class));
	}

	void remember(String userId, LastDecision decision) {
		redis.opsForValue().set(keys.lastDecision(userId), OnrampJson.mapper().writeValueAsString(decision), ttl);
	}

	/**
	 * @param experience the experience decided
	 * @param eventId the event whose feature update caused it
	 */
	record LastDecision(Experience experience, String eventId) {
	}

}
