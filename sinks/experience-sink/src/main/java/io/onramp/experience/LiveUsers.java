package io.onramp.experience;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.data.redis.core.DefaultTypedTuple;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

import io.onramp.contracts.RedisKeys;

/**
 * Marks users with an open stream as live in Redis ({@link RedisKeys#liveUsers()}), so evaluators know whose
 * experience to re-decide when a new ruleset release becomes active. Each entry lapses three heartbeats
 * after it was last refreshed, so a sink that dies leaves no users live for long.
 */
class LiveUsers {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration lapse;

	private final Clock clock;

	LiveUsers(StringRedisTemplate redis, RedisKeys keys, Duration heartbeat, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.lapse = heartbeat.multipliedBy(3);
		this.clock = clock;
	}

	/** Marks the users live for another three heartbeats. */
	void touch(Collection<String> users) {
		if (users.isEmpty()) {
			return;
		}
		double until = clock.millis() + lapse.toMillis();
		Set<TypedTuple<String>> entries = new HashSet<>();
		users.forEach(user -> entries.add(new DefaultTypedTuple<>(user, until)));
		redis.opsForZSet().add(keys.liveUsers(), entries);
	}

	/** Removes the entries that lapsed (their sink stopped refreshing them). */
	void removeLapsed() {
		redis.opsForZSet().removeRangeByScore(keys.liveUsers(), Double.NEGATIVE_INFINITY, clock.millis());
	}

}
