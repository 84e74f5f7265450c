package io.onramp.evaluator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.Rule;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing a release re-decides the users whose pages are open, on their current features. */
@SpringBootTest
@Import(TestChannelBinderConfiguration.class)
class ReleaseRedecisionTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "evaluator_redecision");
	}

	@Autowired
	OutputDestination output;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	RulesetStore store;

	@Test
	void aNewReleaseChangesTheExperienceOfUsersWithAnOpenPageOnly() {
		String live = "live-" + UUID.randomUUID();
		String away = "away-" + UUID.randomUUID();
		for (String user : List.of(live, away)) {
			redis.opsForHash().putAll(keys.features(user), Map.of("device_type", "desktop", "version", "3"));
		}
		redis.opsForZSet().add(keys.liveUsers(), live, System.currentTimeMillis() + 60_000);

		long release = publishStarterAndWelcome("desktop");

		Message<byte[]> message = output.receive(10_000, "onramp.decisions");
		assertThat(message).isNotNull();
		ExperienceDecision decision = OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class);
		assertThat(decision.userId()).isEqualTo(live);
		assertThat(decision.rulesetRelease()).isEqualTo(release);
		assertThat(decision.featureVersion()).isEqualTo(3);
		assertThat(decision.experience().hint().id()).isEqualTo("desktop-welcome");
		assertThat(output.receive(1_000, "onramp.decisions")).as("nothing for a user without an open page").isNull();
	}

	@Test
	void everyLiveUserIsReDecidedAcrossChunks() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Set<String> live = new HashSet<>();
		for (int i = 0; i < 1_201; i++) {
			String user = "many-" + run + "-" + i;
			live.add(user);
			redis.opsForHash().putAll(keys.features(user), Map.of("device_type", "tablet", "version", "1"));
			redis.opsForZSet().add(keys.liveUsers(), user, System.currentTimeMillis() + 60_000);
		}
		// A page open but the features gone (expired or erased): nothing to decide on.
		redis.opsForZSet().add(keys.liveUsers(), "gone-" + run, System.currentTimeMillis() + 60_000);

		long release = publishStarterAndWelcome("tablet");

		Set<String> decided = new HashSet<>();
		Message<byte[]> message;
		while ((message = output.receive(10_000, "onramp.decisions")) != null) {
			ExperienceDecision decision = OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class);
			if (decision.rulesetRelease() == release && decision.userId().startsWith("many-" + run)) {
				assertThat(decision.experience().hint().id()).isEqualTo("tablet-welcome");
				decided.add(decision.userId());
			}
			if (decided.size() == live.size()) {
				break;
			}
		}
		assertThat(decided).isEqualTo(live);
		redis.opsForZSet().remove(keys.liveUsers(), live.toArray());
		redis.opsForZSet().remove(keys.liveUsers(), "gone-" + run);
	}

	/** Publishes the starter rules and a rule showing the hint {@code <device>-welcome} on that device. */
	private long publishStarterAndWelcome(String device) {
		Ruleset starter = RulesetJson.readResource("onramp/rulesets/starter.json");
		List<Rule> rules = new ArrayList<>(starter.rules());
		rules.add(RulesetJson.readRule("""
				{"id": "%1$s-welcome", "version": 1, "name": "Greet %1$s users", "priority": 200,
				 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "%1$s"}]},
				 "then": [{"showHint": {"id": "%1$s-welcome", "text": "Welcome on your %1$s."}}]}
				""".formatted(device)));
		return store.publish(new Ruleset(starter.defaults(), rules), "test");
	}

}
