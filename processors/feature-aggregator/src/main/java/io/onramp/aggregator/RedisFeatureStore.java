package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DigestUtils;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventFields;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.ChangeRecord;
import io.onramp.features.FeatureRegistry;
import io.onramp.features.FeatureScript;
import io.onramp.features.StoredFeatures;

/**
 * The online feature store: applies each event to its user's features in one atomic, idempotent Redis
 * step, the script {@link FeatureScript} generates from the {@link FeatureRegistry}, and reads the result
 * back as a {@link FeatureUpdate}.
 *
 * <p>A batch of events is pipelined: every script call is written to the connection as soon as it is
 * built, before the first reply is read, so a batch costs one round trip, not one per event, and the
 * building and decoding overlap with Redis running the scripts. Calls for the same user go to the same
 * node over the same connection and run in the order of the batch. On Redis Cluster each call is routed
 * to the node that owns the user's hash tag.
 */
public class RedisFeatureStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final AggregatorProperties properties;

	private final FeatureScript script;

	private final byte[] lua;

	private final String sha;

	private final List<Function<Event, Object>> fieldReaders;

	private final StoredFeatures storedFeatures;

	public RedisFeatureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties,
			FeatureRegistry registry) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
		this.script = FeatureScript.generate(registry);
		this.lua = script.lua().getBytes(StandardCharsets.UTF_8);
		this.sha = DigestUtils.sha1DigestAsHex(script.lua());
		this.fieldReaders = script.fields().stream().map(EventFields::of).toList();
		this.storedFeatures = new StoredFeatures(registry);
	}

	/** Applies one event; returns the user's features after it, and whether the event was late. */
	public Applied apply(Event event) {
		return applyAll(List.of(event)).get(0);
	}

	/**
	 * Applies the events in order, pipelined; returns, for each event in the same order, the user's
	 * features after it. Applying a batch again (a redelivery) changes nothing and returns the same.
	 */
	public List<Applied> applyAll(List<Event> events) {
		return redis.execute((RedisCallback<List<Applied>>) connection -> {
			@SuppressWarnings("unchecked")
			RedisScriptingAsyncCommands<byte[], byte[]> commands = (RedisScriptingAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			try {
				return evaluate(commands, events);
			}
			catch (RedisNoScriptException notLoaded) {
				// First use, or Redis restarted and lost its script cache: load it (on every node) and redo the
				// batch, which the applied marks make safe.
				await(commands.scriptLoad(lua));
				return evaluate(commands, events);
			}
		});
	}

	/**
	 * Sends each event's call as soon as its arguments are built, so Redis runs the first scripts while the
	 * rest are built, and decodes each reply as it comes, while Redis runs the later ones.
	 */
	private List<Applied> evaluate(RedisScriptingAsyncCommands<byte[], byte[]> commands, List<Event> events) {
		List<RedisFuture<Object>> futures = new ArrayList<>(events.size());
		for (Event event : events) {
			futures.add(commands.evalsha(sha, ScriptOutputType.MULTI, scriptKeys(event), scriptArgs(event)));
		}
		List<Applied> applied = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			applied.add(decode(events.get(i), (List<?>) await(futures.get(i))));
		}
		return applied;
	}

	private static <T> T await(RedisFuture<T> future) {
		try {
			return future.get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw failure(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new QueryTimeoutException("Redis did not answer within 60 s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
	}

	/**
	 * What a failed call throws: Lettuce's own exception as it is; a lost connection (Redis killed or
	 * restarting: the reply never came) as a {@link RedisConnectionFailureException}, which the aggregator
	 * waits out and retries, where a generic wrapper would have sent the batch to the dead-letter destination.
	 */
	static RuntimeException failure(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof java.io.IOException lost) {
			return new RedisConnectionFailureException("Lost the connection to Redis: " + lost.getMessage(), lost);
		}
		return new RedisSystemException("Redis call failed", cause);
	}

	private byte[][] scriptKeys(Event event) {
		String userId = event.partitionKey();
		List<String> auxKeys = script.auxKeys();
		byte[][] scriptKeys = new byte[2 + auxKeys.size()][];
		scriptKeys[0] = bytes(keys.features(userId));
		scriptKeys[1] = bytes(keys.appliedEvent(userId, event.eventId()));
		for (int i = 0; i < auxKeys.size(); i++) {
			scriptKeys[2 + i] = bytes(keys.featureState(userId, auxKeys.get(i)));
		}
		return scriptKeys;
	}

	private byte[][] scriptArgs(Event event) {
		byte[][] args = new byte[5 + fieldReaders.size()][];
		args[0] = bytes(event.type());
		args[1] = bytes(Long.toString(event.occurredAt().toEpochMilli()));
		args[2] = bytes(Long.toString(properties.getAppliedEventTtl().toSeconds()));
		args[3] = bytes(Long.toString(properties.getFeatureTtl().toSeconds()));
		args[4] = bytes(event.eventId());
		for (int i = 0; i < fieldReaders.size(); i++) {
			Object value = fieldReaders.get(i).apply(event);
			args[5 + i] = value == null ? new byte[0] : bytes(value.toString());
		}
		return args;
	}

	private Applied decode(Event event, List<?> result) {
		boolean duplicate = ((Number) result.get(0)).longValue() == 1;
		Map<String, String> stored = new LinkedHashMap<>();
		List<?> flat = (List<?>) result.get(1);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			stored.put(string(flat.get(i)), string(flat.get(i + 1)));
		}
		long version = StoredFeatures.version(stored);
		Set<String> changed = new LinkedHashSet<>();
		((List<?>) result.get(2)).forEach(field -> changed.add(string(field)));
		boolean late = ((Number) result.get(3)).longValue() == 1;
		String change = string(result.get(4));
		return new Applied(
				new FeatureUpdate(event.partitionKey(), version, storedFeatures.decode(stored), changed, event, duplicate), late,
				change == null || change.isEmpty() ? new ChangeRecord(version, Map.of()) : ChangeRecord.decode(change));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(Object reply) {
		return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
	}

	/**
	 * @param update the features after the event
	 * @param late whether the event arrived later than the allowed lateness (counted in lifetime features only)
	 * @param change what the event changed, the same on a redelivery as the first time
	 */
	public record Applied(FeatureUpdate update, boolean late, ChangeRecord change) {
	}

}
