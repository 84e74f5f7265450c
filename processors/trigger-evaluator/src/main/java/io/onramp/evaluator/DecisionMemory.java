package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Experience;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.FrequencyCap.Firing;

/**
 * What the evaluator remembers per user in Redis, so that every evaluator instance emits only changes and
 * honours frequency caps: the last experience decided (a JSON string) and when each frequency-capped rule
 * last fired (a hash {@code ruleId -> epochMillis|sessionId|eventId}).
 *
 * <p>An update costs at most two Redis round trips, one pipelined read ({@link #recall}) and one pipelined
 * write ({@link #remember}): the evaluator takes a user's updates one at a time, so round trips, not CPU, set
 * its pace when the machine is busy (four sequential ones left a RabbitMQ consumer at about 100 updates/s).
 */
class DecisionMemory {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Duration ttl;

	DecisionMemory(StringRedisTemplate redis, RedisKeys keys, Duration ttl) {
		this.redis = redis;
		this.keys = keys;
		this.ttl = ttl;
	}

	/**
	 * The user's last decision and, when {@code withFirings}, the user's firings without those recorded for
	 * {@code eventId} itself (a redelivered event is evaluated as it was the first time, so it decides the
	 * same experience); one round trip.
	 */
	Recalled recall(String userId, String eventId, boolean withFirings) {
		List<Object> replies = redis.executePipelined(new SessionCallback<Object>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				strings.opsForValue().get(keys.lastDecision(userId));
				if (withFirings) {
					strings.opsForHash().entries(keys.firings(userId));
				}
				return null;
			}

		});
		Optional<LastDecision> last = Optional.ofNullable((String) replies.get(0))
			.map(json -> OnrampJson.mapper().readValue(json, LastDecision.class));
		Map<String, Firing> firings = new HashMap<>();
		if (withFirings) {
			((Map<?, ?>) replies.get(1)).forEach((ruleId, value) -> {
				String[] parts = value.toString().split("\\|", 3);
				if (parts.length == 3 && !parts[2].equals(eventId)) {
					firings.put(ruleId.toString(),
							new Firing(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1].isEmpty() ? null : parts[1]));
				}
			});
		}
		return new Recalled(last, firings);
	}

	/**
	 * Records, in one round trip, the capped rules that fired for {@code eventId} at {@code at} and, when
	 * present, the user's new last decision. Nothing to record, no round trip.
	 */
	void remember(String userId, Optional<LastDecision> decision, List<String> cappedRulesFired, Instant at, String sessionId,
			String eventId) {
		if (decision.isEmpty() && cappedRulesFired.isEmpty()) {
			return;
		}
		String firing = at.toEpochMilli() + "|" + (sessionId == null ? "" : sessionId) + "|" + eventId;
		redis.executePipelined(new SessionCallback<Object>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				if (!cappedRulesFired.isEmpty()) {
					Map<String, String> entries = new HashMap<>();
					cappedRulesFired.forEach(ruleId -> entries.put(ruleId, firing));
					strings.opsForHash().putAll(keys.firings(userId), entries);
					strings.expire(keys.firings(userId), ttl);
				}
				decision.ifPresent(last -> strings.opsForValue()
					.set(keys.lastDecision(userId), OnrampJson.mapper().writeValueAsString(last), ttl));
				return null;
			}

		});
	}

	/**
	 * What {@link #recall} found.
	 *
	 * @param last the user's last decision, if any
	 * @param firings when each capped rule last fired for the user (by rule id), empty when not asked for
	 */
	record Recalled(Optional<LastDecision> last, Map<String, Firing> firings) {
	}

	/**
	 * @param experience the experience decided
	 * @param eventId the event whose feature update caused it
	 */
	record LastDecision(Experience experience, String eventId) {
	}

}
