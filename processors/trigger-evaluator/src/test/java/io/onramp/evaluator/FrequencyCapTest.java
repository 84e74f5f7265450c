package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Event;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Frequency caps remembered in Redis across updates, and redeliveries decided as the first time. */
@SpringBootTest
@Import(TestChannelBinderConfiguration.class)
class FrequencyCapTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "evaluator_caps");
	}

	@Autowired
	InputDestination input;

	@Autowired
	OutputDestination output;

	@Autowired
	RulesetStore store;

	@Autowired
	ActiveRuleset activeRuleset;

	@Test
	void aOncePerSessionHintShowsOnceInEachSession() {
		long release = store.publish("""
				{"defaults":{"layout":"standard","density":"high","hint":{"id":"none","text":"-"}},
				 "rules":[{"id":"welcome","frequencyCap":"once_per_session","when":{"all":[]},
				           "then":[{"showHint":{"id":"welcome","text":"Welcome back!"}}]}]}
				""", "pat");
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == release);
		String user = "u-" + UUID.randomUUID();

		Event first = event(user, "s-1");
		assertThat(send(user, first).experience().hint().id()).isEqualTo("welcome");
		assertThat(send(user, event(user, "s-1")).experience().hint().id()).isEqualTo("none");
		// The first event again (a redelivery) decides what it decided the first time.
		assertThat(send(user, first).experience().hint().id()).isEqualTo("welcome");
		assertThat(send(user, event(user, "s-1")).experience().hint().id()).isEqualTo("none");
		// A new session: the hint shows once more.
		assertThat(send(user, event(user, "s-2")).experience().hint().id()).isEqualTo("welcome");
	}

	private ExperienceDecision send(String user, Event event) {
		FeatureUpdate update = new FeatureUpdate(user, 1, Map.of(), Set.of(), event, false);
		input.send(MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(update)).build(), "onramp.features");
		Message<byte[]> message = output.receive(5000, "onramp.decisions");
		assertThat(message).as("a decision").isNotNull();
		return OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class);
	}

	private static Event event(String user, String session) {
		return new Event(UUID.randomUUID().toString(), "page_view", user, null, session, Instant.now(), Instant.now(),
				null, Map.of(), 1);
	}

}
