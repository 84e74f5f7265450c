package io.onramp.experience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

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

	/**
	 * Stores each decision and announces it, in order, in one round trip for all of them (pipelined, each
	 * stored before it is announced).
	 */
	void saveAll(List<ExperienceDecision> decisions) {
		byte[] channel = keys.experienceChannel().getBytes(StandardCharsets.UTF_8);
		Expiration expiration = Expiration.from(ttl);
		redis.executePipelined((RedisCallback<Object>) connection -> {
			for (ExperienceDecision decision : decisions) {
				byte[] key = keys.experience(decision.userId()).getBytes(StandardCharsets.UTF_8);
				byte[] value = OnrampJson.mapper().writeValueAsBytes(decision);
				connection.stringCommands().set(key, value, expiration, RedisStringCommands.SetOption.upsert());
				connection.publish(channel, value);
			}
			return null;
		});
	}

	/** The user's latest decision as JSON, as it was stored. */
	Optional<String> findJson(String userId) {
		return Optional.ofNullable(redis.opsForValue().get(keys.experience(userId)));
	}

}
