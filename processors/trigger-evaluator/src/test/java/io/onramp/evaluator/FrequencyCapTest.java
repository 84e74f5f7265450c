package io.onramp.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

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

/** Frequency caps remembered in Redis across updates and within a batch, and redeliveries decided as the first time. */
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

	@Test
	void aOncePerSessionHintFiresForTheFirstUpdateOfABatchOnly() {
		long release = store.publish("""
				{"defaults":{"layout":"standard","density":"high","hint":{"id":"none","text":"-"}},
				 "rules":[{"id":"tour","frequencyCap":"once_per_session","when":{"all":[]},
				           "then":[{"showHint":{"id":"tour","text":"Take the tour"}}]}]}
				""", "pat");
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> activeRuleset.current().releaseNumber() == release);
		String user = "u-" + UUID.randomUUID();

		// Three updates of one session in one batch: the first decides the hint, the second takes it away
		// (the cap is remembered within the batch), the third changes nothing.
		List<ExperienceDecision> decisions = sendBatch(user, event(user, "s-1"), event(user, "s-1"), event(user, "s-1"));

		assertThat(decisions).extracting(decision -> decision.experience().hint().id()).containsExactly("tour", "none");
		// And the firing was remembered for the next batch.
		assertThat(sendBatch(user, event(user, "s-1"))).isEmpty();
	}

	private ExperienceDecision send(String user, Event event) {
		List<ExperienceDecision> decisions = sendBatch(user, event);
		assertThat(decisions).as("a decision").hasSize(1);
		return decisions.get(0);
	}

	/** Sends the user's events' updates as one batch and returns the decisions that came of it. */
	private List<ExperienceDecision> sendBatch(String user, Event... events) {
		List<byte[]> batch = Stream.of(events)
			.map(event -> OnrampJson.mapper().writeValueAsBytes(new FeatureUpdate(user, 1, Map.of(), Set.of(), event, false)))
			.toList();
		input.send(MessageBuilder.withPayload(batch).build(), "onramp.features");
		List<ExperienceDecision> decisions = new ArrayList<>();
		for (Message<byte[]> message = output.receive(2000, "onramp.decisions"); message != null;
				message = output.receive(300, "onramp.decisions")) {
			decisions.add(OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class));
		}
		return decisions;
	}

	private static Event event(String user, String session) {
		return new Event(UUID.randomUUID().toString(), "page_view", user, null, session, Instant.now(), Instant.now(),
				null, Map.of(), 1);
	}

}
