package io.onramp.aggregator;

import java.time.Duration;
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
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;
import io.onramp.features.FeatureScript;

/**
 * The online feature store: applies an event to its user's features in one atomic, idempotent Redis
 * step, the script {@link FeatureScript} generates from the {@link FeatureRegistry}, and reads the result
 * back as a {@link FeatureUpdate}.
 */
public class RedisFeatureStore {

	private static final String VERSION = "version";

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final AggregatorProperties properties;

	private final FeatureRegistry registry;

	private final FeatureScript script;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> redisScript;

	private final List<Function<Event, Object>> fieldReaders;

	private final Map<String, FeatureDefinition> definitions = new LinkedHashMap<>();

	public RedisFeatureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties,
			FeatureRegistry registry) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
		this.registry = registry;
		this.script = FeatureScript.generate(registry);
		this.redisScript = RedisScript.of(script.lua(), List.class);
		this.fieldReaders = script.fields().stream().map(EventFields::of).toList();
		registry.features().forEach(feature -> definitions.put(feature.name(), feature));
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
		long version = stored.containsKey(VERSION) ? Long.parseLong(stored.get(VERSION)) : 0;
		Set<String> changed = new LinkedHashSet<>();
		((List<?>) result.get(2)).forEach(field -> changed.add((String) field));
		boolean late = ((Number) result.get(3)).longValue() == 1;
		return new Applied(new FeatureUpdate(userId, version, features(stored), changed, event, duplicate), late);
	}

	/** The user's features as stored, typed by their definitions; bookkeeping and expired features left out. */
	Map<String, Object> features(Map<String, String> stored) {
		long watermark = stored.containsKey("_watermark") ? Long.parseLong(stored.get("_watermark")) : 0;
		Map<String, Object> features = new LinkedHashMap<>();
		stored.forEach((name, value) -> {
			FeatureDefinition definition = definitions.get(name);
			if (definition == null || expired(definition, stored, watermark)) {
				return;
			}
			features.put(name, definition.type() == FeatureDefinition.Type.TEXT ? value : number(value));
		});
		return features;
	}

	private static boolean expired(FeatureDefinition definition, Map<String, String> stored, long watermark) {
		Duration ttl = definition.ttl();
		String changedAt = stored.get("_changed:" + definition.name());
		return ttl != null && changedAt != null && Long.parseLong(changedAt) + ttl.toMillis() < watermark;
	}

	private static Object number(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return Double.parseDouble(value);
		}
	}

	public FeatureRegistry registry() {
		return registry;
	}

	/**
	 * @param update the features after the event
	 * @param late whether the event arrived later than the allowed lateness (counted in lifetime features only)
	 */
	public record Applied(FeatureUpdate update, boolean late) {
	}

}
