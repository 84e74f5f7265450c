package io.onramp.aggregator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventFields;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.ChangeRecord;
import io.onramp.features.FeatureRegistry;
import io.onramp.features.FeatureScript;
import io.onramp.features.StoredFeatures;

/**
 * The online feature store: applies an event to its user's features in one atomic, idempotent Redis
 * step, the script {@link FeatureScript} generates from the {@link FeatureRegistry}, and reads the result
 * back as a {@link FeatureUpdate}.
 */
public class RedisFeatureStore {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final AggregatorProperties properties;

	private final FeatureScript script;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> redisScript;

	private final List<Function<Event, Object>> fieldReaders;

	private final StoredFeatures storedFeatures;

	public RedisFeatureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties,
			FeatureRegistry registry) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
		this.script = FeatureScript.generate(registry);
		this.redisScript = RedisScript.of(script.lua(), List.class);
		this.fieldReaders = script.fields().stream().map(EventFields::of).toList();
		this.storedFeatures = new StoredFeatures(registry);
	}

	/** Applies the event; returns the user's features after it, and whether the event was late. */
	public Applied apply(Event event) {
		String userId = event.partitionKey();
		List<String> scriptKeys = new ArrayList<>(List.of(keys.features(userId), keys.appliedEvent(userId, event.eventId())));
		script.auxKeys().forEach(feature -> scriptKeys.add(keys.featureState(userId, feature)));
		List<String> args = new ArrayList<>(List.of(event.type(), Long.toString(event.occurredAt().toEpochMilli()),
				Long.toString(properties.getAppliedEventTtl().toSeconds()), Long.toString(properties.getFeatureTtl().toSeconds()),
				event.eventId()));
		for (Function<Event, Object> reader : fieldReaders) {
			Object value = reader.apply(event);
			args.add(value == null ? "" : value.toString());
		}
		List<?> result = redis.execute(redisScript, scriptKeys, args.toArray());
		boolean duplicate = ((Number) result.get(0)).longValue() == 1;
		Map<String, String> stored = new LinkedHashMap<>();
		List<?> flat = (List<?>) result.get(1);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			stored.put((String) flat.get(i), (String) flat.get(i + 1));
		}
		long version = StoredFeatures.version(stored);
		Set<String> changed = new LinkedHashSet<>();
		((List<?>) result.get(2)).forEach(field -> changed.add((String) field));
		boolean late = ((Number) result.get(3)).longValue() == 1;
		String change = (String) result.get(4);
		return new Applied(new FeatureUpdate(userId, version, storedFeatures.decode(stored), changed, event, duplicate), late,
				change == null || change.isEmpty() ? new ChangeRecord(version, Map.of()) : ChangeRecord.decode(change));
	}

	/**
	 * @param update the features after the event
	 * @param late whether the event arrived later than the allowed lateness (counted in lifetime features only)
	 * @param change what the event changed, the same on a redelivery as the first time
	 */
	public record Applied(FeatureUpdate update, boolean late, ChangeRecord change) {
	}

}
