package io.onramp.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real Redis, each test class under its own key prefix. */
class RedisFeatureStoreTest {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private static RedisKeys keys;

	private static RedisFeatureStore store;

	@BeforeAll
	static void connect() {
		Endpoints.Redis endpoint = TestServices.redis();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
		keys = new RedisKeys(TestServices.uniqueName("feature_store"));
		AggregatorProperties properties = new AggregatorProperties();
		properties.setFeatureTtl(Duration.ofHours(1));
		store = new RedisFeatureStore(redis, keys, properties);
	}

	@AfterAll
	static void disconnect() {
		redis.delete(redis.keys(keys.prefix() + ":*"));
		connectionFactory.destroy();
	}

	@Test
	void countsEventsByTypeAndTracksFirstAndLastSeen() {
		String user = "u-" + UUID.randomUUID();
		store.apply(event(user, "page_view", "2026-11-27T09:00:05Z", "desktop", null));
		FeatureUpdate update = store.apply(event(user, "click", "2026-11-27T09:00:01Z", null, null));

		assertThat(update.version()).isEqualTo(2);
		assertThat(update.features()).containsEntry("events_total", 2L)
			.containsEntry("count_page_view", 1L)
			.containsEntry("count_click", 1L)
			.containsEntry("device_type", "desktop")
			.containsEntry("first_seen", Instant.parse("2026-11-27T09:00:01Z").toEpochMilli())
			.containsEntry("last_seen", Instant.parse("2026-11-27T09:00:05Z").toEpochMilli())
			.doesNotContainKey("version");
		assertThat(update.changed()).contains("events_total", "count_click", "first_seen").doesNotContain("last_seen");
		assertThat(update.duplicate()).isFalse();
	}

	@Test
	void aRedeliveredEventNeverCountsTwiceButItsFeaturesAreEmittedAgain() {
		String user = "u-" + UUID.randomUUID();
		Event event = event(user, "click", "2026-11-27T09:00:00Z", null, null);
		FeatureUpdate first = store.apply(event);
		FeatureUpdate again = store.apply(event);

		assertThat(again.duplicate()).isTrue();
		assertThat(again.features()).isEqualTo(first.features());
		assertThat(again.version()).isEqualTo(first.version());
		assertThat(again.changed()).isEmpty();
		assertThat(again.event()).isEqualTo(event);
	}

	@Test
	void countsDeviceSwitchesAndDistinctSteps() {
		String user = "u-" + UUID.randomUUID();
		store.apply(event(user, "page_view", "2026-11-27T09:00:00Z", "desktop", null));
		store.apply(event(user, "step_completed", "2026-11-27T09:00:01Z", null, 1));
		store.apply(event(user, "step_completed", "2026-11-27T09:00:02Z", null, 1));
		store.apply(event(user, "step_completed", "2026-11-27T09:00:03Z", null, 2));
		FeatureUpdate update = store.apply(event(user, "device_changed", "2026-11-27T09:00:04Z", "mobile", null));

		assertThat(update.features()).containsEntry("device_type", "mobile")
			.containsEntry("device_switches", 1L)
			.containsEntry("steps_completed", 2L)
			.containsEntry("max_step_completed", 2L);
		assertThat(update.changed()).contains("device_type", "device_switches");
	}

	@Test
	void featuresExpireWhenTheUserGoesQuiet() {
		String user = "u-" + UUID.randomUUID();
		store.apply(event(user, "click", "2026-11-27T09:00:00Z", null, null));
		assertThat(redis.getExpire(keys.features(user))).isBetween(3500L, 3600L);
	}

	private static Event event(String user, String type, String at, String device, Integer step) {
		return new Event(UUID.randomUUID().toString(), type, user, null, "s-1", Instant.parse(at), Instant.now(),
				device == null ? null : new Event.EventContext(device, null, null, null, null, null),
				step == null ? Map.of() : Map.of("step", step), 1);
	}

}
