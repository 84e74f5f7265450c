package io.onramp.rules.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.onramp.contracts.RedisKeys;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetRelease;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Against a real Redis, under a key prefix of this class's own. */
class RulesetStoreTest {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	private static RedisTestClient client;

	private static StringRedisTemplate redis;

	private static RedisKeys keys;

	@BeforeAll
	static void connect() {
		client = new RedisTestClient();
		redis = client.template();
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void releasesAreNumberedImmutableAndAnnounced() throws Exception {
		RulesetStore store = newStore();
		List<String> announced = new CopyOnWriteArrayList<>();
		RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
		listener.setConnectionFactory(client.connectionFactory());
		// in the order Redis delivers them: the container's default executor runs each message on its own thread
		listener.setTaskExecutor(new SyncTaskExecutor());
		listener.addMessageListener((message, pattern) -> announced.add(new String(message.getBody())),
				new ChannelTopic(keys.rulesChangedChannel()));
		listener.afterPropertiesSet();
		listener.start();
		try {
			long first = store.publish(RulesetJson.readResource("onramp/rulesets/starter.json"), "pat");
			long second = store.publish(RulesetJson.readResource("onramp/rulesets/starter.json"), "sam");

			assertThat(second).isEqualTo(first + 1);
			assertThat(store.activeNumber()).hasValue(second);
			RulesetRelease release = RulesetJson.readRelease(store.releaseJson(first).orElseThrow());
			assertThat(release.number()).isEqualTo(first);
			assertThat(release.publishedBy()).isEqualTo("pat");
			assertThat(release.publishedAt()).isEqualTo(NOW);
			Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> announced.size() == 2);
			assertThat(announced).containsExactly(Long.toString(first), Long.toString(second));

			store.activate(first);
			assertThat(store.activeNumber()).hasValue(first);
			assertThatIllegalArgumentException().isThrownBy(() -> store.activate(999));
		}
		finally {
			listener.stop();
			listener.destroy();
		}
	}

	@Test
	void onlyTheFirstSeedingWins() {
		RulesetStore store = newStore();
		assertThat(store.publishIfNone(RulesetJson.readResource("onramp/rulesets/starter.json"), "evaluator-a")).hasValue(1L);
		assertThat(store.publishIfNone(RulesetJson.readResource("onramp/rulesets/starter.json"), "evaluator-b")).isEmpty();
		assertThat(store.activeNumber()).hasValue(1L);
	}

	private static RulesetStore newStore() {
		keys = new RedisKeys(TestServices.uniqueName("rules_store"));
		return new RulesetStore(redis, keys, Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
