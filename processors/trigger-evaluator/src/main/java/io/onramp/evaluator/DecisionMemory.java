package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
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
 * <p>A batch of updates costs two Redis round trips whatever its size: one pipelined read of every user
 * in it ({@link #recall}), then the updates are evaluated in order against the {@link UserMemory} in hand
 * (a user's second update in the batch sees what the first decided and fired), then one pipelined write of
 * what changed ({@link #remember}). The evaluator consumes a queue or partition in order, so round trips,
 * not CPU, set its pace: one update at a time with four sequential round trips each left a RabbitMQ
 * consumer at about 100 updates/s on a busy machine.
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
	 * What is remembered of each user, read in one round trip: the last decision and, when
	 * {@code withFirings}, the capped rules' firings.
	 */
	Map<String, UserMemory> recall(Collection<String> userIds, boolean withFirings) {
		List<String> users = userIds.stream().distinct().toList();
		List<Object> replies = redis.executePipelined(new SessionCallback<Object>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				for (String user : users) {
					strings.opsForValue().get(keys.lastDecision(user));
					if (withFirings) {
						strings.opsForHash().entries(keys.firings(user));
					}
				}
				return null;
			}

		});
		Map<String, UserMemory> memories = new HashMap<>();
		int reply = 0;
		for (String user : users) {
			Optional<LastDecision> last = Optional.ofNullable((String) replies.get(reply++))
				.map(json -> OnrampJson.mapper().readValue(json, LastDecision.class));
			Map<String, StoredFiring> firings = new HashMap<>();
			if (withFirings) {
				((Map<?, ?>) replies.get(reply++)).forEach((ruleId, value) -> {
					StoredFiring firing = StoredFiring.parse(value.toString());
					if (firing != null) {
						firings.put(ruleId.toString(), firing);
					}
				});
			}
			memories.put(user, new UserMemory(user, last, firings));
		}
		return memories;
	}

	/** Writes what the users' evaluations changed, in one round trip; nothing changed, no round trip. */
	void remember(Collection<UserMemory> memories) {
		List<UserMemory> changed = memories.stream().filter(UserMemory::changed).toList();
		if (changed.isEmpty()) {
			return;
		}
		redis.executePipelined(new SessionCallback<Object>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				for (UserMemory memory : changed) {
					if (!memory.newFirings.isEmpty()) {
						Map<String, String> entries = new HashMap<>();
						memory.newFirings.forEach((ruleId, firing) -> entries.put(ruleId, firing.format()));
						strings.opsForHash().putAll(keys.firings(memory.userId), entries);
						strings.expire(keys.firings(memory.userId), ttl);
					}
					if (memory.decided) {
						strings.opsForValue()
							.set(keys.lastDecision(memory.userId), OnrampJson.mapper().writeValueAsString(memory.last.get()), ttl);
					}
				}
				return null;
			}

		});
	}

	/**
	 * One user's remembered state while a batch is evaluated: read by {@link #recall}, updated by each of
	 * the user's updates in turn, written by {@link #remember}.
	 */
	static final class UserMemory {

		private final String userId;

		private Optional<LastDecision> last;

		/** When each capped rule last fired, by rule id. */
		private final Map<String, StoredFiring> firings;

		/** The firings of this batch, to be written. */
		private final Map<String, StoredFiring> newFirings = new HashMap<>();

		private boolean decided;

		private UserMemory(String userId, Optional<LastDecision> last, Map<String, StoredFiring> firings) {
			this.userId = userId;
			this.last = last;
			this.firings = firings;
		}

		/** The user's last decision, if any. */
		Optional<LastDecision> last() {
			return last;
		}

		/**
		 * When each capped rule last fired for the user, without the firings recorded for {@code eventId}
		 * itself: a redelivered event is evaluated as it was the first time, so it decides the same experience.
		 */
		Map<String, Firing> firingsExcept(String eventId) {
			Map<String, Firing> result = new HashMap<>();
			firings.forEach((ruleId, stored) -> {
				if (!stored.eventId().equals(eventId)) {
					result.put(ruleId, stored.firing());
				}
			});
			return result;
		}

		/** Records the user's new last decision. */
		void decided(LastDecision decision) {
			last = Optional.of(decision);
			decided = true;
		}

		/** Records that the capped rules {@code ruleIds} fired for {@code eventId} at {@code at}. */
		void fired(List<String> ruleIds, Instant at, String sessionId, String eventId) {
			// As it will be read back: to the millisecond.
			StoredFiring firing = new StoredFiring(new Firing(at.truncatedTo(ChronoUnit.MILLIS), sessionId), eventId);
			for (String ruleId : ruleIds) {
				firings.put(ruleId, firing);
				newFirings.put(ruleId, firing);
			}
		}

		private boolean changed() {
			return decided || !newFirings.isEmpty();
		}

	}

	/**
	 * A capped rule's firing as stored in the user's firings hash: {@code epochMillis|sessionId|eventId}.
	 *
	 * @param firing when, and in which session, the rule fired
	 * @param eventId the event whose update made it fire
	 */
	record StoredFiring(Firing firing, String eventId) {

		/** The stored value, or {@code null} when it is not one. */
		static StoredFiring parse(String value) {
			String[] parts = value.split("\\|", 3);
			if (parts.length != 3) {
				return null;
			}
			return new StoredFiring(new Firing(Instant.ofEpochMilli(Long.parseLong(parts[0])),
					parts[1].isEmpty() ? null : parts[1]), parts[2]);
		}

		String format() {
			return firing.at().toEpochMilli() + "|" + (firing.sessionId() == null ? "" : firing.sessionId()) + "|" + eventId;
		}

	}

	/**
	 * @param experience the experience decided
	 * @param eventId the event whose feature update caused it
	 */
	record LastDecision(Experience experience, String eventId) {
	}

}
