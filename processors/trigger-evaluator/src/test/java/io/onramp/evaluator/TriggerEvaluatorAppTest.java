package io.onramp.evaluator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

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
import io.onramp.stream.RejectedRecords;
import io.onramp.stream.StreamHeaders;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The app with the test binder (delivering batches as the real binders do), the starter ruleset and a real Redis for the last decisions. */
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

	@Test
	void aBatchIsDecidedInOrderPerUserAsIfEachUpdateCameAlone() {
		String switcher = "u-" + UUID.randomUUID();
		String steady = "u-" + UUID.randomUUID();
		send(update(switcher, 1, "e-1", Map.of("device_type", "desktop")),
				update(steady, 1, "e-2", Map.of("device_type", "mobile")),
				update(switcher, 2, "e-3", Map.of("device_type", "mobile")),
				update(steady, 2, "e-4", Map.of("device_type", "mobile", "count_click", 1)),
				update(switcher, 3, "e-5", Map.of("device_type", "desktop")));

		List<ExperienceDecision> decisions = List.of(receive(), receive(), receive(), receive());
		assertThat(output.receive(500, OUT)).isNull();
		assertThat(decisions).extracting(ExperienceDecision::eventId).containsExactly("e-1", "e-2", "e-3", "e-5");
		assertThat(decisions).extracting(decision -> decision.experience().layout())
			.containsExactly("standard", "compact", "compact", "standard");

		// What the batch decided last is remembered: the same experience again decides nothing.
		send(update(switcher, 4, "e-6", Map.of("device_type", "desktop")));
		assertThat(output.receive(500, OUT)).isNull();
	}

	@Test
	void aRecordThatIsNotAFeatureUpdateIsRejectedAndTheRestOfItsBatchDecided() {
		String user = "u-" + UUID.randomUUID();
		byte[] broken = "{\"userId\":\"u-1\",\"version\":\"one\"}".getBytes(StandardCharsets.UTF_8);
		List<byte[]> batch = List.of(broken, OnrampJson.mapper().writeValueAsBytes(update(user, 1, "e-1", Map.of())));
		input.send(MessageBuilder.withPayload(batch).build(), IN);

		assertThat(receive().userId()).isEqualTo(user);
		Message<byte[]> rejected = output.receive(5000, "onramp.features.rejected");
		assertThat(rejected).as("the broken record, rejected").isNotNull();
		assertThat(rejected.getPayload()).isEqualTo(broken);
		assertThat((String) rejected.getHeaders().get(RejectedRecords.REASON_HEADER)).startsWith("not a valid FeatureUpdate");
	}

	/** Sends the updates as one batch, as a Kafka poll or a RabbitMQ consumer batch delivers them. */
	private void send(FeatureUpdate... updates) {
		List<byte[]> batch = Stream.of(updates).map(OnrampJson.mapper()::writeValueAsBytes).toList();
		input.send(MessageBuilder.withPayload(batch).build(), IN);
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
