package io.onramp.evaluator;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
import io.onramp.stream.StreamHeaders;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The app with the test binder, the starter ruleset and a real Redis for the last decisions. */
@SpringBootTest
@Import(TestChannelBinderConfiguration.class)
class TriggerEvaluatorAppTest {

	private static final String IN = "onramp.features";

	private static final String OUT = "onramp.decisions";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "evaluator_app");
	}

	@Autowired
	InputDestination input;

	@Autowired
	OutputDestination output;

	@Test
	void switchingToMobileDecidesACompactLowDensityExperience() {
		String user = "u-" + UUID.randomUUID();
		send(update(user, 1, "e-1", Map.of("device_type", "desktop")));
		assertThat(receive().experience().layout()).isEqualTo("standard");

		send(update(user, 2, "e-2", Map.of("device_type", "mobile")));
		ExperienceDecision decision = receive();

		assertThat(decision.experience().layout()).isEqualTo("compact");
		assertThat(decision.experience().density()).isEqualTo("low");
		assertThat(decision.firedRules()).extracting(ExperienceDecision.FiredRule::ruleId).containsExactly("mobile-compact");
		assertThat(decision.rulesetRelease()).isEqualTo(1);
		assertThat(decision.eventId()).isEqualTo("e-2");
		assertThat(decision.featureVersion()).isEqualTo(2);
		assertThat(decision.decidedAt()).isNotNull();
	}

	@Test
	void emitsNothingWhenTheExperienceStaysTheSame() {
		String user = "u-" + UUID.randomUUID();
		send(update(user, 1, "e-1", Map.of("device_type", "mobile")));
		assertThat(receive()).isNotNull();

		send(update(user, 2, "e-2", Map.of("device_type", "mobile", "count_click", 1)));
		assertThat(output.receive(500, OUT)).isNull();
	}

	@Test
	void aRedeliveredCauseIsDecidedAgainSoNoDecisionIsLost() {
		String user = "u-" + UUID.randomUUID();
		send(update(user, 1, "e-1", Map.of("max_step_completed", 1)));
		assertThat(receive().experience().hint().id()).isEqualTo("step-2");

		send(update(user, 1, "e-1", Map.of("max_step_completed", 1)));
		assertThat(receive().experience().hint().id()).isEqualTo("step-2");
	}

	private void send(FeatureUpdate update) {
		Message<byte[]> message = MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(update)).build();
		input.send(message, IN);
	}

	private ExperienceDecision receive() {
		Message<byte[]> message = output.receive(5000, OUT);
		assertThat(message).as("a decision").isNotNull();
		assertThat(message.getHeaders().get(StreamHeaders.PARTITION_KEY)).isNotNull();
		return OnrampJson.mapper().readValue(message.getPayload(), ExperienceDecision.class);
	}

	private static FeatureUpdate update(String user, long version, String eventId, Map<String, Object> features) {
		Event event = new Event(eventId, "click", user, null, "s-1", Instant.now(), Instant.now(), null, Map.of(), 1);
		return new FeatureUpdate(user, version, features, Set.copyOf(features.keySet()), event, false);
	}

}
