package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Event;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Releases published to Redis reach the running evaluator; invalid ones are refused. Real Redis, test binder. */
@SpringBootTest(properties = "onramp.evaluator.reload-poll-interval=300ms")
@Import(TestChannelBinderConfiguration.class)
@DirtiesContext
class RulesetReloadTest {

	private static final String IN = "onramp.features";

	private static final String OUT = "onramp.decisions";

	private static final String COMPACT = """
			{"defaults":{"layout":"standard","density":"high"},
			 "rules":[{"id":"all-compact","when":{"all":[]},"then":[{"setLayout":"compact"},{"setDensity":"low"}]}]}
			""";

	private static final String STANDARD = """
			{"defaults":{"layout":"standard","density":"high"},
			 "rules":[{"id":"all-medium","when":{"all":[]},"then":[{"setDensity":"medium"}]}]}
			""";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "evaluator_reload");
	}

	@Autowired
	InputDestination input;

	@Autowired
	OutputDestination output;

	@Autowired
	RulesetStore store;

	@Autowired
	ActiveRuleset activeRuleset;

	@Autowired
	RulesetHealthIndicator health;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void aPublishedReleaseIsEvaluatedWithinASecond() {
		long release = store.publish(COMPACT, "pat");

		Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> activeRuleset.current().releaseNumber() == release);
		ExperienceDecision decision = evaluate(UUID.randomUUID().toString());
		assertThat(decision.rulesetRelease()).isEqualTo(release);
		assertThat(decision.experience().layout()).isEqualTo("compact");
		assertThat(health.health().getDetails()).containsEntry("release", release).containsEntry("publishedBy", "pat");
		assertThat(store.runningReleases()).containsValue(release);
	}

	@Test
	void anInvalidReleaseIsRefusedAndThePreviousOneKeepsRunning() {
		long good = store.publish(STANDARD, "pat");
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == good);

		long typo = store.publish(STANDARD.replace("{\"all\":[]}",
				"{\"feature\":\"device_typ\",\"op\":\"eq\",\"value\":\"mobile\"}"), "sam");
		Awaitility.await().atMost(Duration.ofSeconds(2))
			.until(() -> activeRuleset.lastRefusal().map(refusal -> refusal.release() == typo).orElse(false));
		assertThat(activeRuleset.current().releaseNumber()).isEqualTo(good);
		assertThat(activeRuleset.lastRefusal().orElseThrow().problems().get(0).message())
			.isEqualTo("Feature 'device_typ' does not exist. Did you mean 'device_type'?");

		long broken = store.publish("{\"defaults\":{},\"rules\":[{\"id\":\"x\",\"when\":\"T(Runtime)\",\"then\":[]}]}", "sam");
		Awaitility.await().atMost(Duration.ofSeconds(2))
			.until(() -> activeRuleset.lastRefusal().map(refusal -> refusal.release() == broken).orElse(false));
		assertThat(activeRuleset.current().releaseNumber()).isEqualTo(good);
		assertThat(evaluate(UUID.randomUUID().toString()).experience().density()).isEqualTo("medium");
		assertThat(health.health().getDetails()).containsEntry("release", good).containsKey("lastRefused");
	}

	@Test
	void aMissedNotificationIsMadeUpForByPolling() {
		long release = store.publish(COMPACT, "pat");
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == release);
		long quiet = store.publish(STANDARD, "pat");
		// Point back at the first release without announcing it, as if the notification had been lost.
		redis.opsForValue().set(keys.activeRelease(), Long.toString(release));
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == release);
		assertThat(quiet).isGreaterThan(release);
	}

	@Test
	void noEventIsEvaluatedOnAHalfLoadedRulesetWhileReleasesChange() throws Exception {
		long compact = store.publish(COMPACT, "pat");
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == compact);
		AtomicBoolean publishing = new AtomicBoolean(true);
		List<Long> compactReleases = new ArrayList<>(List.of(compact));
		List<Long> standardReleases = new ArrayList<>();
		Thread publisher = new Thread(() -> {
			for (int i = 0; i < 20; i++) {
				if (i % 2 == 0) {
					standardReleases.add(store.publish(STANDARD, "pat"));
				}
				else {
					compactReleases.add(store.publish(COMPACT, "pat"));
				}
				sleep(25);
			}
			publishing.set(false);
		});
		publisher.start();
		List<ExperienceDecision> decisions = new ArrayList<>();
		while (publishing.get() || decisions.size() < 50) {
			decisions.add(evaluate(UUID.randomUUID().toString()));
		}
		publisher.join();

		assertThat(decisions).allSatisfy(decision -> {
			if (compactReleases.contains(decision.rulesetRelease())) {
				assertThat(decision.experience().layout()).isEqualTo("compact");
				assertThat(decision.experience().density()).isEqualTo("low");
			}
			else {
				assertThat(standardReleases).contains(decision.rulesetRelease());
				assertThat(decision.experience().layout()).isEqualTo("standard");
				assertThat(decision.experience().density()).isEqualTo("medium");
			}
		});
		assertThat(decisions.stream().map(ExperienceDecision::rulesetRelease).distinct().count()).isGreaterThan(2);
	}

	private ExperienceDecision evaluate(String user) {
		Event event = new Event(UUID.randomUUID().toString(), "click", user, null, "s-1", Instant.now(), Instant.now(),
				null, Map.of(), 1);
		FeatureUpdate update = new FeatureUpdate(user, 1, Map.of("device_type", "desktop"), Set.of(), event, false);
		// A batch of one, as the binder delivers updates.
		input.send(MessageBuilder.withPayload(List.of(OnrampJson.mapper().writeValueAsBytes(update))).build(), IN);
		Message<byte[]> message = output.receive(5000, OUT);
		assertThat(message).as("a decision").isNotNull();
		return OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
