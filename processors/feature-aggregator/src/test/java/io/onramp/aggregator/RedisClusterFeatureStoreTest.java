package io.onramp.aggregator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureRegistry;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregator's script on a three-master Redis Cluster: every key of a user is in one slot. */
class RedisClusterFeatureStoreTest {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private static RedisFeatureStore store;

	private static final RedisKeys KEYS = new RedisKeys("onramp");

	@BeforeAll
	static void connect() {
		List<String> nodes = TestServices.redisCluster().nodes();
		connectionFactory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
		store = new RedisFeatureStore(redis, KEYS, new AggregatorProperties(), FeatureRegistry.defaults());
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void appliesEventsExactlyOnceForUsersOnEveryMaster() {
		Set<Integer> slotRanges = new HashSet<>();
		for (int i = 0; i < 30; i++) {
			String user = "u-" + UUID.randomUUID();
			slotRanges.add(SlotHash.getSlot(KEYS.features(user)) * 3 / SlotHash.SLOT_COUNT);
			Instant at = Instant.parse("2026-11-27T09:00:00Z").plusSeconds(i);
			Event step = new Event(UUID.randomUUID().toString(), "step_completed", user, null, "s", at, at, null,
					Map.of("step", 2), 1);
			store.apply(step);
			FeatureUpdate again = store.apply(step).update();
			FeatureUpdate click = store.apply(new Event(UUID.randomUUID().toString(), "click", user, null, "s",
					at.plusSeconds(5), at.plusSeconds(5), null, Map.of(), 1)).update();

			assertThat(again.duplicate()).isTrue();
			assertThat(click.features()).containsEntry("events_total", 2L).containsEntry("steps_completed", 1L)
				.containsEntry("seconds_idle", 5L);
			assertThat(SlotHash.getSlot(KEYS.appliedEvent(user, step.eventId()))).isEqualTo(SlotHash.getSlot(KEYS.features(user)));
		}
		assertThat(slotRanges).as("users spread over all three masters").hasSize(3);
	}

	@Test
	void aBatchOfManyUsersGoesToEachNodeInCallsOfOneSlotAndCountsEveryEventOnce() {
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			users.add("u-" + UUID.randomUUID());
		}
		List<Event> events = new ArrayList<>();
		Instant at = Instant.parse("2026-11-27T09:00:00Z");
		for (int i = 0; i < 400; i++) {
			// A few users with many events each, so some slots fill more than one call.
			String user = users.get(i % 5 == 0 ? i % 40 : i % 3);
			events.add(new Event(UUID.randomUUID().toString(), "click", user, null, "s", at.plusMillis(i), at.plusMillis(i),
					null, Map.of(), 1));
		}
		events.add(events.get(7));

		List<List<Integer>> calls = store.calls(events, true);
		List<RedisFeatureStore.Applied> applied = store.applyAll(events);

		List<Integer> everyIndex = new ArrayList<>();
		for (List<Integer> call : calls) {
			assertThat(call).hasSizeLessThanOrEqualTo(RedisFeatureStore.EVENTS_PER_CALL).isSorted();
			assertThat(call.stream().map(i -> SlotHash.getSlot(KEYS.features(events.get(i).partitionKey()))).distinct())
				.hasSize(1);
			everyIndex.addAll(call);
		}
		assertThat(everyIndex).containsExactlyInAnyOrderElementsOf(IntStream.range(0, events.size()).boxed().toList());
		Map<String, Long> counted = new HashMap<>();
		for (int i = 0; i < events.size(); i++) {
			String user = events.get(i).partitionKey();
			if (!applied.get(i).update().duplicate()) {
				counted.merge(user, 1L, Long::sum);
			}
			assertThat(applied.get(i).update().features()).as("event %d", i).containsEntry("events_total", counted.get(user));
		}
		assertThat(applied.get(events.size() - 1).update().duplicate()).isTrue();
		assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
	}

	@Test
	void erasureFindsEveryKeyOfTheUserOnItsNode() {
		String user = "u-" + UUID.randomUUID();
		Instant at = Instant.parse("2026-11-27T09:00:00Z");
		for (int step = 1; step <= 3; step++) {
			store.apply(new Event(UUID.randomUUID().toString(), "step_completed", user, null, "s", at, at, null,
					Map.of("step", step), 1));
		}
		// features, the set of steps, three applied marks
		assertThat(new UserErasure(redis, KEYS).erase(user)).isEqualTo(5);
		assertThat(redis.hasKey(KEYS.features(user))).isFalse();
	}

}
