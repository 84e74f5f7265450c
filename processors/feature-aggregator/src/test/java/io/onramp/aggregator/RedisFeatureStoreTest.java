package io.onramp.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureRegistry;
import io.onramp.features.FeatureScript;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each aggregation against hand-computed expectations, on a real Redis, including out-of-order, late and
 * repeated events. Times are minutes after T0.
 */
class RedisFeatureStoreTest {

	private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

	private static final String REGISTRY = """
			{"sessionTimeout": "PT30M", "allowedLateness": "PT5M",
			 "features": [
			  {"name": "events_total", "aggregation": "count"},
			  {"name": "clicks", "aggregation": "count", "filter": {"type": ["click"]}},
			  {"name": "errors", "aggregation": "count", "filter": {"type": ["custom"], "properties.name": ["error", "crash"]}},
			  {"name": "spent", "aggregation": "sum", "field": "properties.amount"},
			  {"name": "device", "type": "text", "aggregation": "last", "field": "context.device"},
			  {"name": "steps", "aggregation": "distinct_count", "field": "properties.step", "filter": {"type": ["step_completed"]}},
			  {"name": "first_step", "aggregation": "min", "field": "properties.step"},
			  {"name": "last_seen", "type": "time", "aggregation": "max", "field": "occurredAt"},
			  {"name": "progress", "aggregation": "ratio", "numerator": "steps", "denominator": 4},
			  {"name": "clicks_per_event", "aggregation": "ratio", "numerator": "clicks", "denominator": "events_total"},
			  {"name": "engagement", "aggregation": "decayed_score", "halfLife": "PT10M", "weights": {"click": 1, "form_submit": 3}, "scale": 1},
			  {"name": "switches", "aggregation": "changes", "field": "context.device"},
			  {"name": "idle_s", "aggregation": "idle_seconds"},
			  {"name": "sessions", "aggregation": "session_count"},
			  {"name": "session_s", "aggregation": "session_duration"},
			  {"name": "session_clicks", "aggregation": "count", "filter": {"type": ["click"]}, "window": "session"},
			  {"name": "clicks_5m", "aggregation": "count", "filter": {"type": ["click"]}, "window": "PT5M"},
			  {"name": "spent_5m", "aggregation": "sum", "field": "properties.amount", "window": "PT5M"},
			  {"name": "plan", "type": "text", "aggregation": "last", "field": "properties.plan", "ttl": "PT10M"}
			 ]}
			""";

	private static RedisTestClient client;

	private static StringRedisTemplate redis;

	private static RedisKeys keys;

	private static RedisFeatureStore store;

	@BeforeAll
	static void connect() {
		client = new RedisTestClient();
		redis = client.template();
		keys = new RedisKeys(TestServices.uniqueName("feature_store"));
		AggregatorProperties properties = new AggregatorProperties();
		properties.setFeatureTtl(Duration.ofHours(1));
		store = new RedisFeatureStore(redis, keys, properties, FeatureRegistry.read(REGISTRY));
	}

	@AfterAll
	static void disconnect() {
		client.deletePrefix(keys.prefix());
		client.close();
	}

	private final String user = "u-" + UUID.randomUUID();

	@Test
	void countsFilteredEvents() {
		apply(0, "click", Map.of());
		apply(1, "page_view", Map.of());
		apply(2, "custom", Map.of("name", "error"));
		apply(3, "custom", Map.of("name", "signup"));
		FeatureUpdate update = apply(4, "click", Map.of());

		assertThat(update.features()).containsEntry("events_total", 5L).containsEntry("clicks", 2L).containsEntry("errors", 1L);
		assertThat(update.features().get("clicks_per_event")).isEqualTo(0.4);
		assertThat(update.changed()).contains("events_total", "clicks").doesNotContain("errors");
	}

	@Test
	void sumsWholeAndFractionalAmounts() {
		apply(0, "form_submit", Map.of("amount", 5));
		apply(1, "form_submit", Map.of("amount", 2.5));
		assertThat(apply(2, "form_submit", Map.of("amount", 3)).features()).containsEntry("spent", 10.5);
	}

	@Test
	void lastKeepsTheLatestByEventTimeEvenWhenAnOlderEventArrivesLater() {
		apply(10, "page_view", Map.of(), "desktop");
		FeatureUpdate update = apply(8, "page_view", Map.of(), "mobile");
		assertThat(update.features()).containsEntry("device", "desktop");
		assertThat(update.features()).containsEntry("last_seen", at(10));
	}

	@Test
	void countsDistinctStepsAndKeepsTheSmallest() {
		apply(0, "step_completed", Map.of("step", 2));
		apply(1, "step_completed", Map.of("step", 2));
		apply(2, "step_completed", Map.of("step", 1));
		FeatureUpdate update = apply(3, "step_completed", Map.of("step", 3));
		assertThat(update.features()).containsEntry("steps", 3L).containsEntry("first_step", 1L).containsEntry("progress", 0.75);
	}

	@Test
	void decaysTheScoreWithItsHalfLife() {
		apply(0, "click", Map.of());
		// After one half-life the first click weighs 0.5; the new one 1: raw 1.5, value 1.5 / (1.5 + 1) = 0.6.
		FeatureUpdate update = apply(10, "click", Map.of());
		assertThat((Double) update.features().get("engagement")).isCloseTo(0.6, within(1e-6));
		// A form weighs 3; ten minutes later the raw score is 1.5 / 2 + 3 = 3.75, value 3.75 / 4.75.
		assertThat((Double) apply(20, "form_submit", Map.of()).features().get("engagement")).isCloseTo(3.75 / 4.75, within(1e-5));
	}

	@Test
	void countsDeviceChangesAndIdleTime() {
		apply(0, "page_view", Map.of(), "desktop");
		apply(1, "device_changed", Map.of(), "mobile");
		apply(2, "page_view", Map.of(), "mobile");
		FeatureUpdate update = apply(3.5, "device_changed", Map.of(), "desktop");
		assertThat(update.features()).containsEntry("switches", 2L).containsEntry("idle_s", 90L);
	}

	@Test
	void sessionsEndAfterThirtyMinutesWithoutEventsByEventTime() {
		apply(0, "click", Map.of());
		apply(10, "click", Map.of());
		FeatureUpdate second = apply(45, "page_view", Map.of());
		assertThat(second.features()).containsEntry("sessions", 2L).containsEntry("session_s", 0L)
			.doesNotContainKey("session_clicks");
		FeatureUpdate later = apply(50, "click", Map.of());
		assertThat(later.features()).containsEntry("sessions", 2L).containsEntry("session_s", 300L)
			.containsEntry("session_clicks", 1L).containsEntry("clicks", 3L);
	}

	@Test
	void slidingWindowsReachFiveMinutesBackFromTheLatestEventTime() {
		apply(0, "click", Map.of("amount", 1));
		apply(1, "click", Map.of("amount", 2));
		assertThat(apply(4, "click", Map.of("amount", 4)).features()).containsEntry("clicks_5m", 3L).containsEntry("spent_5m", 7L);
		// At minute 5.5 the click at minute 0 has left the window, though this event is no click.
		assertThat(apply(5.5, "page_view", Map.of()).features()).containsEntry("clicks_5m", 2L).containsEntry("spent_5m", 6L);
	}

	@Test
	void aLateEventCountsInLifetimeFeaturesOnly() {
		apply(0, "click", Map.of());
		apply(20, "click", Map.of());
		// Ten minutes behind the latest event, beyond the five minutes allowed.
		RedisFeatureStore.Applied late = store.apply(event(10, "click", Map.of(), null));
		assertThat(late.late()).isTrue();
		assertThat(late.update().features()).containsEntry("clicks", 3L).containsEntry("clicks_5m", 1L)
			.containsEntry("session_clicks", 2L);
		// Three minutes behind: within the lateness, counted everywhere it belongs.
		RedisFeatureStore.Applied onTime = store.apply(event(17, "click", Map.of(), null));
		assertThat(onTime.late()).isFalse();
		assertThat(onTime.update().features()).containsEntry("clicks_5m", 2L).containsEntry("session_clicks", 3L);
	}

	@Test
	void aRedeliveredEventNeverCountsTwiceButItsFeaturesAreEmittedAgain() {
		Event event = event(0, "click", Map.of("amount", 2), "mobile");
		FeatureUpdate first = store.apply(event).update();
		FeatureUpdate again = store.apply(event).update();

		assertThat(again.duplicate()).isTrue();
		assertThat(again.features()).isEqualTo(first.features());
		assertThat(again.version()).isEqualTo(first.version());
		assertThat(again.changed()).isEmpty();
		assertThat(again.event()).isEqualTo(event);
	}

	@Test
	void aBatchAppliesAcrossSeveralScriptCallsExactlyAsTheSameEventsOneByOne() {
		// Three users' events interleaved, out of order, one late, one repeated within the batch and the
		// first one repeated at the end: more events than one script call takes.
		String[] users = { "u-" + UUID.randomUUID(), "u-" + UUID.randomUUID(), "u-" + UUID.randomUUID() };
		String[] types = { "click", "page_view", "form_submit", "step_completed", "device_changed", "custom" };
		Random random = new Random(7);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < 3 * RedisFeatureStore.EVENTS_PER_CALL; i++) {
			double minute = i == 50 ? 1 : i * 0.5 + (random.nextBoolean() ? -0.7 : 0);
			Instant at = Instant.ofEpochMilli(at(minute));
			events.add(new Event(UUID.randomUUID().toString(), types[random.nextInt(types.length)], users[i % 3], null, "s", at,
					at, new Event.EventContext(random.nextBoolean() ? "mobile" : "desktop", null, null, null, null, null),
					new HashMap<>(Map.of("amount", random.nextInt(10), "step", random.nextInt(5), "plan", "p" + i % 4)), 1));
		}
		events.add(events.get(40));
		events.add(events.get(0));
		RedisKeys oneByOneKeys = new RedisKeys(keys.prefix() + "_one_by_one");
		RedisFeatureStore oneByOne = new RedisFeatureStore(redis, oneByOneKeys, new AggregatorProperties(),
				FeatureRegistry.read(REGISTRY));

		List<RedisFeatureStore.Applied> batch = store.applyAll(events);

		assertThat(batch).hasSize(events.size());
		for (int i = 0; i < events.size(); i++) {
			RedisFeatureStore.Applied expected = oneByOne.apply(events.get(i));
			RedisFeatureStore.Applied actual = batch.get(i);
			assertThat(actual.update().event()).as("event %d", i).isEqualTo(events.get(i));
			assertThat(actual.update().features()).as("features after event %d", i).isEqualTo(expected.update().features());
			assertThat(actual.update().version()).as("version after event %d", i).isEqualTo(expected.update().version());
			assertThat(actual.update().changed()).as("changed by event %d", i).isEqualTo(expected.update().changed());
			assertThat(actual.update().duplicate()).as("event %d a duplicate", i).isEqualTo(expected.update().duplicate());
			assertThat(actual.late()).as("event %d late", i).isEqualTo(expected.late());
			assertThat(actual.change()).as("change record of event %d", i).isEqualTo(expected.change());
		}
		assertThat(batch.get(events.size() - 1).update().duplicate()).isTrue();
		assertThat(batch.get(50).late()).isTrue();
		assertThat(batch).filteredOn(applied -> applied.update().duplicate()).hasSize(2);
		client.deletePrefix(oneByOneKeys.prefix());
	}

	@Test
	void theChangeRecordAndTheReplyKeepTabsAndBackslashesInAnEventsText() {
		// The record and the reply separate their parts with tabs; a 'last' feature stores the event's text as
		// it came, which may even read as the reply's mark for a field without a value.
		String plan = "pro\tannual \\t\\ \"yearly\"\t";
		Event event = event(0, "identify", Map.of("plan", plan), FeatureScript.ABSENT);
		RedisFeatureStore.Applied applied = store.apply(event);

		assertThat(applied.update().features()).containsEntry("plan", plan).containsEntry("device", FeatureScript.ABSENT);
		assertThat(applied.change().values()).containsEntry("plan", plan)
			.containsEntry("device", FeatureScript.ABSENT)
			.containsEntry("events_total", "1");
		assertThat(applied.change().version()).isEqualTo(1);
		RedisFeatureStore.Applied again = store.apply(event);
		assertThat(again.update().duplicate()).isTrue();
		assertThat(again.update().features()).isEqualTo(applied.update().features());
		assertThat(again.change()).isEqualTo(applied.change());
	}

	@Test
	void aFeatureWithATtlDisappearsWhenItHasNotChangedForThatLong() {
		apply(0, "identify", Map.of("plan", "pro"));
		assertThat(apply(9, "click", Map.of()).features()).containsEntry("plan", "pro");
		assertThat(apply(11, "click", Map.of()).features()).doesNotContainKey("plan");
	}

	@Test
	void theUsersKeysExpireWhenTheUserGoesQuiet() {
		// TTL 1 h: the keys go between the TTL and the TTL + an eighth of it (the slack) after the last event.
		apply(0, "step_completed", Map.of("step", 1));
		assertThat(redis.getExpire(keys.features(user))).isBetween(3600L, 4050L);
		assertThat(redis.getExpire(keys.featureState(user, "steps"))).isBetween(3600L, 4050L);
	}

	@Test
	void aKeyCreatedBetweenTwoRefreshesExpiresWithTheOthers() {
		apply(0, "click", Map.of());
		long deadline = redis.getExpire(keys.features(user), TimeUnit.MILLISECONDS);
		apply(1, "step_completed", Map.of("step", 1));
		assertThat(redis.getExpire(keys.features(user), TimeUnit.MILLISECONDS)).as("not moved within the slack")
			.isLessThanOrEqualTo(deadline);
		assertThat(redis.getExpire(keys.featureState(user, "steps"), TimeUnit.MILLISECONDS))
			.isCloseTo(redis.getExpire(keys.features(user), TimeUnit.MILLISECONDS), within(50L));
	}

	@Test
	void theDeadlineMovesOnOnceTheSlackHasPassed() {
		apply(0, "step_completed", Map.of("step", 1));
		// As if the last refresh had been an hour ago: 15 minutes of its 75 left.
		long anHourAgo = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
		redis.opsForHash().put(keys.features(user), "_ttl_at", Long.toString(anHourAgo));
		redis.expire(keys.features(user), Duration.ofMinutes(15));
		redis.expire(keys.featureState(user, "steps"), Duration.ofMinutes(15));
		apply(1, "click", Map.of());
		assertThat(redis.getExpire(keys.features(user))).isBetween(4000L, 4050L);
		assertThat(redis.getExpire(keys.featureState(user, "steps"))).isBetween(4000L, 4050L);
	}

	@Test
	void firstAndLastSeenFollowEventTimeWhateverTheOrderOfArrival() {
		RedisFeatureStore defaults = new RedisFeatureStore(redis, keys, new AggregatorProperties(), FeatureRegistry.defaults());
		Map<String, Object> features = Map.of();
		for (double minute : new double[] { 5, 3, 7, 4 }) {
			features = defaults.apply(event(minute, "click", Map.of(), null)).update().features();
		}
		assertThat(features).containsEntry("first_seen", at(3)).containsEntry("last_seen", at(7));
	}

	@Test
	void theShippedRegistryComputesTheOnboardingFeatures() {
		AggregatorProperties properties = new AggregatorProperties();
		RedisFeatureStore defaults = new RedisFeatureStore(redis, keys, properties, FeatureRegistry.defaults());
		String someone = "u-" + UUID.randomUUID();
		defaults.apply(new Event(UUID.randomUUID().toString(), "step_completed", someone, null, "s", Instant.ofEpochMilli(at(0)), Instant.ofEpochMilli(at(0)), null,
				Map.of("step", 1), 1));
		Map<String, Object> features = defaults.apply(new Event(UUID.randomUUID().toString(), "device_changed", someone,
				null, "s", Instant.ofEpochMilli(at(1)), Instant.ofEpochMilli(at(1)),
				new Event.EventContext("mobile", null, null, null, null, null), Map.of(), 1)).update().features();
		assertThat(features).containsEntry("events_total", 2L).containsEntry("steps_completed", 1L)
			.containsEntry("max_step_completed", 1L).containsEntry("onboarding_progress", 0.2)
			.containsEntry("device_type", "mobile").containsEntry("session_count", 1L).containsEntry("session_duration_s", 60L)
			.containsEntry("seconds_idle", 60L).containsEntry("first_seen", at(0)).containsEntry("last_seen", at(1));
		assertThat((Double) features.get("engagement_score")).isCloseTo(5.0 / 15.0, within(1e-3));
	}

	private FeatureUpdate apply(double minute, String type, Map<String, Object> properties) {
		return apply(minute, type, properties, null);
	}

	private FeatureUpdate apply(double minute, String type, Map<String, Object> properties, String device) {
		return store.apply(event(minute, type, properties, device)).update();
	}

	private Event event(double minute, String type, Map<String, Object> properties, String device) {
		Instant at = Instant.ofEpochMilli(at(minute));
		return new Event(UUID.randomUUID().toString(), type, user, null, "s-1", at, at,
				device == null ? null : new Event.EventContext(device, null, null, null, null, null),
				new HashMap<>(properties), 1);
	}

	private static long at(double minute) {
		return T0.toEpochMilli() + (long) (minute * 60_000);
	}

}
