package io.onramp.experience;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;

/**
 * The latest experience decision per user in Redis, and its announcement on Redis pub/sub so that every
 * sink instance can push it to the pages it holds open.
 */
class ExperienceStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	ExperienceStore(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
	}

	void save(ExperienceDecision decision) {
		String json = OnrampJson.mapper().writeValueAsString(decision);
		redis.opsForValue().set(keys.experience(decision.userId()), json, ttl);
		redis.convertAndSend(keys.experienceChannel(), json);
	}

	/** The user's latest decision as JSON, as it was stored. */
	Optional<String> findJson(String userId) {
		return Optional.ofNullable(redis.opsForValue().get(keys.experience(userId)));
	}

}
