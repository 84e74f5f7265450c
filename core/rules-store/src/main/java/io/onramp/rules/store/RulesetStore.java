package io.onramp.rules.store;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.RuleDefinitionException;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetJson;

/**
 * Ruleset releases in Redis, where every evaluator reads them.
 *
 * <p>Publishing numbers the release ({@code INCR}), writes it under its number (never overwritten), then
 * points {@code active} at it and announces the number on the "rules changed" channel. An evaluator that
 * misses the announcement finds the new number when it next polls {@code active}. The store checks only
 * that a release is JSON: whether its rules are valid is decided by each evaluator (which refuses an
 * invalid release and keeps the one it runs) and, before that, by rules-admin.
 */
public class RulesetStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final Clock clock;

	public RulesetStore(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	/** Publishes a ruleset as the next release and makes it the active one; returns the release number. */
	public long publish(Ruleset ruleset, String publishedBy) {
		return publish(RulesetJson.write(ruleset), publishedBy);
	}

	/** Publishes ruleset JSON as it is; see the class comment for what is checked. */
	public long publish(String rulesetJson, String publishedBy) {
		JsonNode ruleset;
		try {
			ruleset = OnrampJson.mapper().readTree(rulesetJson);
		}
		catch (JacksonException ex) {
			throw new RuleDefinitionException("(ruleset)", "not valid JSON: " + ex.getOriginalMessage());
		}
		long number = store(ruleset, publishedBy);
		activate(number);
		return number;
	}

	/**
	 * Publishes a ruleset only if no release was ever made active, so that the first evaluator of a new
	 * deployment can seed the starter ruleset without racing the others.
	 */
	public Optional<Long> publishIfNone(Ruleset ruleset, String publishedBy) {
		if (activeNumber().isPresent()) {
			return Optional.empty();
		}
		long number = store(OnrampJson.mapper().readTree(RulesetJson.write(ruleset)), publishedBy);
		if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.activeRelease(), Long.toString(number)))) {
			redis.convertAndSend(keys.rulesChangedChannel(), Long.toString(number));
			return Optional.of(number);
		}
		return Optional.empty();
	}

	/** Stores a release under the next number, without making it active. */
	private long store(JsonNode ruleset, String publishedBy) {
		long number = redis.opsForValue().increment(keys.releaseSequence());
		ObjectNode release = JsonNodeFactory.instance.objectNode();
		release.put("release", number);
		release.put("publishedAt", clock.instant().toString());
		release.put("publishedBy", publishedBy);
		release.set("ruleset", ruleset);
		redis.opsForValue().set(keys.rulesetRelease(number), OnrampJson.mapper().writeValueAsString(release));
		return number;
	}

	/** Makes an existing release the active one again, as a rollback does. */
	public void activate(long number) {
		if (!Boolean.TRUE.equals(redis.hasKey(keys.rulesetRelease(number)))) {
			throw new IllegalArgumentException("There is no release " + number);
		}
		redis.opsForValue().set(keys.activeRelease(), Long.toString(number));
		redis.convertAndSend(keys.rulesChangedChannel(), Long.toString(number));
	}

	public Optional<Long> activeNumber() {
		return Optional.ofNullable(redis.opsForValue().get(keys.activeRelease())).map(Long::parseLong);
	}

	/** The stored JSON of a release, {@code {"release": n, "publishedAt", "publishedBy", "ruleset": {...}}}. */
	public Optional<String> releaseJson(long number) {
		return Optional.ofNullable(redis.opsForValue().get(keys.rulesetRelease(number)));
	}

	/**
	 * Records which release an evaluator instance runs, and when it last said so, for rules-admin to
	 * show; instances report again on every poll, so an entry that stops changing belongs to a stopped
	 * instance.
	 */
	public void reportRunning(String instanceId, long number) {
		redis.opsForHash().put(keys.evaluatorReleases(), instanceId, number + "|" + clock.millis());
	}

	/** The release each evaluator instance last reported running, by instance id. */
	public Map<String, Long> runningReleases() {
		Map<String, Long> running = new TreeMap<>();
		redis.<String, String>opsForHash().entries(keys.evaluatorReleases())
			.forEach((instance, value) -> running.put(instance, Long.parseLong(value.substring(0, value.indexOf('|')))));
		return running;
	}

}
