package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
import io.lettuce.core.cluster.SlotHash;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisClusterConnection;
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
 * <p>A batch of events goes to Redis as a few script calls of up to {@value #EVENTS_PER_CALL} events each,
 * in the batch's order, pipelined: every call is written to the connection as soon as it is built, before
 * the first reply is read, so a batch costs one round trip, and the building and decoding overlap with
 * Redis running the scripts. On Redis Cluster a call holds only events whose users share a hash slot and
 * is routed to the node that owns it; a user's events stay in the batch's order either way, since they
 * share a slot, and calls to one node go over one connection.
 */
public class RedisFeatureStore {

	/**
	 * The most events one script call applies. Redis runs a call as one step, so this bounds how long other
	 * clients (feature reads, the evaluator) wait behind it: 1-2 ms at the 30-70 µs an event took here.
	 */
	static final int EVENTS_PER_CALL = 32;

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
			List<List<Integer>> calls = calls(events, connection instanceof RedisClusterConnection);
			try {
				return evaluate(commands, events, calls);
			}
			catch (RedisNoScriptException notLoaded) {
				// First use, or Redis restarted and lost its script cache: load it (on every node) and redo the
				// batch, which the applied marks make safe.
				await(commands.scriptLoad(lua));
				return evaluate(commands, events, calls);
			}
		});
	}

	/**
	 * Which events go in which call, as indexes into the batch, each call's in the batch's order: runs of up
	 * to {@value #EVENTS_PER_CALL}; on Redis Cluster, per hash slot.
	 */
	List<List<Integer>> calls(List<Event> events, boolean cluster) {
		Map<Integer, List<Integer>> open = new LinkedHashMap<>();
		List<List<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			int slot = cluster ? SlotHash.getSlot(keys.features(events.get(i).partitionKey())) : 0;
			List<Integer> call = open.computeIfAbsent(slot, any -> new ArrayList<>(EVENTS_PER_CALL));
			call.add(i);
			if (call.size() == EVENTS_PER_CALL) {
				calls.add(open.remove(slot));
			}
		}
		calls.addAll(open.values());
		return calls;
	}

	/**
	 * Sends each call as soon as its arguments are built, so Redis runs the first while the rest are built,
	 * and decodes each reply as it comes, while Redis runs the later ones.
	 */
	private List<Applied> evaluate(RedisScriptingAsyncCommands<byte[], byte[]> commands, List<Event> events,
			List<List<Integer>> calls) {
		List<RedisFuture<Object>> futures = new ArrayList<>(calls.size());
		for (List<Integer> call : calls) {
			futures.add(commands.evalsha(sha, ScriptOutputType.MULTI, scriptKeys(events, call), scriptArgs(events, call)));
		}
		Applied[] applied = new Applied[events.size()];
		for (int c = 0; c < calls.size(); c++) {
			List<?> results = (List<?>) await(futures.get(c));
			List<Integer> call = calls.get(c);
			for (int i = 0; i < call.size(); i++) {
				int index = call.get(i);
				applied[index] = decode(events.get(index), (List<?>) results.get(i));
			}
		}
		return Arrays.asList(applied);
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

	private byte[][] scriptKeys(List<Event> events, List<Integer> call) {
		List<String> auxKeys = script.auxKeys();
		int stride = script.keysPerEvent();
		byte[][] scriptKeys = new byte[call.size() * stride][];
		for (int e = 0; e < call.size(); e++) {
			Event event = events.get(call.get(e));
			String userId = event.partitionKey();
			int at = e * stride;
			scriptKeys[at] = bytes(keys.features(userId));
			scriptKeys[at + 1] = bytes(keys.appliedEvent(userId, event.eventId()));
			for (int i = 0; i < auxKeys.size(); i++) {
				scriptKeys[at + 2 + i] = bytes(keys.featureState(userId, auxKeys.get(i)));
			}
		}
		return scriptKeys;
	}

	private byte[][] scriptArgs(List<Event> events, List<Integer> call) {
		int stride = script.argsPerEvent();
		byte[][] args = new byte[2 + call.size() * stride][];
		args[0] = bytes(Long.toString(properties.getAppliedEventTtl().toSeconds()));
		args[1] = bytes(Long.toString(properties.getFeatureTtl().toSeconds()));
		for (int e = 0; e < call.size(); e++) {
			Event event = events.get(call.get(e));
			int at = 2 + e * stride;
			args[at] = bytes(event.type());
			args[at + 1] = bytes(Long.toString(event.occurredAt().toEpochMilli()));
			args[at + 2] = bytes(event.eventId());
			for (int i = 0; i < fieldReaders.size(); i++) {
				Object value = fieldReaders.get(i).apply(event);
				args[at + 3 + i] = value == null ? new byte[0] : bytes(value.toString());
			}
		}
		return args;
	}

	private Applied decode(Event event, List<?> result) {
		boolean duplicate = ((Number) result.get(0)).longValue() == 1;
		Map<String, String> stored = new LinkedHashMap<>();
		String[] values = string(result.get(1)).split("\t", -1);
		List<String> reply = script.reply();
		if (values.length != reply.size()) {
			throw new IllegalStateException(
					"The feature script replied " + values.length + " values for " + reply.size() + " fields");
		}
		for (int i = 0; i < values.length; i++) {
			if (!FeatureScript.ABSENT.equals(values[i])) {
				stored.put(reply.get(i), ChangeRecord.unescape(values[i]));
			}
		}
		long version = StoredFeatures.version(stored);
		boolean late = ((Number) result.get(2)).longValue() == 1;
		String encoded = string(result.get(3));
		ChangeRecord change = encoded == null || encoded.isEmpty() ? new ChangeRecord(version, Map.of())
				: ChangeRecord.decode(encoded);
		Set<String> changed = duplicate ? Set.of() : new LinkedHashSet<>(change.values().keySet());
		return new Applied(
				new FeatureUpdate(event.partitionKey(), version, storedFeatures.decode(stored), changed, event, duplicate), late,
				change);
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
