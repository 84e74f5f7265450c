package io.onramp.aggregator;

import java.time.Instant;
import java.util.Map;
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
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.OnrampJson;
import io.onramp.stream.StreamHeaders;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The app as Data Flow wires it (input/output bindings), with the test binder and a real Redis. */
@SpringBootTest
@Import(TestChannelBinderConfiguration.class)
class FeatureAggregatorAppTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "aggregator_app");
		OnrampTestProperties.postgres(registry, "aggregator_app");
	}

	@Autowired
	InputDestination input;

	@Autowired
	OutputDestination output;

	@Test
	void emitsTheUsersFeaturesKeyedByUserAndRecognizesARedelivery() {
		String user = "u-" + UUID.randomUUID();
		Event event = new Event(UUID.randomUUID().toString(), "device_changed", user, null, "s-1",
				Instant.parse("2026-11-27T09:00:00Z"), Instant.now(),
				new Event.EventContext("mobile", null, null, null, null, null), Map.of(), 1);
		Message<byte[]> message = MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(event)).build();

		input.send(message, "onramp.events");
		Message<byte[]> first = output.receive(5000, "onramp.features");
		input.send(message, "onramp.events");
		Message<byte[]> second = output.receive(5000, "onramp.features");

		assertThat(first.getHeaders().get(StreamHeaders.PARTITION_KEY)).isEqualTo(user);
		FeatureUpdate update = OnrampJson.mapper().readValue(first.getPayload(), FeatureUpdate.class);
		assertThat(update.features()).containsEntry("device_type", "mobile").containsEntry("events_total", 1);
		FeatureUpdate redelivered = OnrampJson.mapper().readValue(second.getPayload(), FeatureUpdate.class);
		assertThat(redelivered.duplicate()).isTrue();
		assertThat(redelivered.features()).containsEntry("events_total", 1);
	}

}
