package io.onramp.aggregator;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventTypes;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;

/**
 * The online feature store: applies an event to its user's features in one atomic, idempotent Redis
 * step (a Lua script that also records the event id), and reads the result back as a
 * {@link FeatureUpdate}.
 *
 * <p>Features are numbers (counts, epoch-millisecond times) except {@code device_type}. The features are
 * {@code events_total}, {@code count_<type>} per event type, {@code first_seen}, {@code last_seen},
 * {@code device_type}, {@code device_switches}, {@code steps_completed} (distinct steps) and
 * {@code max_step_completed}.
 */
public class RedisFeatureStore {

	private static final String VERSION = "version";

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPLY_EVENT = RedisScript
		.of(new ClassPathResource("onramp/aggregator/apply-event.lua"), List.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final AggregatorProperties properties;

	public RedisFeatureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
	}

	public FeatureUpdate apply(Event event) {
		String userId = event.partitionKey();
		Object step = EventTypes.STEP_COMPLETED.equals(event.type()) ? event.properties().get("step") : null;
		List<?> result = redis.execute(APPLY_EVENT,
				List.of(keys.features(userId), keys.appliedEvent(userId, event.eventId()), keys.steps(userId)),
				event.type(), event.device() == null ? "" : event.device(),
				String.valueOf(event.occurredAt().toEpochMilli()), step == null ? "" : step.toString(),
				String.valueOf(properties.getAppliedEventTtl().toSeconds()),
				String.valueOf(properties.getFeatureTtl().toSeconds()));
		boolean duplicate = ((Number) result.get(0)).longValue() == 1;
		Map<String, Object> features = new LinkedHashMap<>();
		List<?> flat = (List<?>) result.get(1);
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			features.put((String) flat.get(i), typed((String) flat.get(i + 1)));
		}
		long version = features.containsKey(VERSION) ? ((Number) features.remove(VERSION)).longValue() : 0;
		Set<String> changed = new LinkedHashSet<>();
		((List<?>) result.get(2)).forEach(field -> changed.add((String) field));
		return new FeatureUpdate(userId, version, features, changed, event, duplicate);
	}

	private static Object typed(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

}
