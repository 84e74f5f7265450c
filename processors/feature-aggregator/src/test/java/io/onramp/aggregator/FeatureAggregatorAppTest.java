package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.StreamAppArgs;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.atIndex;

/**
 * The app as Data Flow wires it (input/output bindings, batch consumption) on a real Kafka and RabbitMQ:
 * every event of a batch comes out as its user's features, in order per user; a redelivery is recognized
 * and re-emitted; a record that is not an event goes to the rejected destination and the rest of its
 * batch is applied.
 */
class FeatureAggregatorAppTest {

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "rabbit" })
	void emitsEveryEventsFeaturesInOrderPerUserAndRejectsWhatIsNotAnEvent(String binder) throws Exception {
		String namespace = TestServices.uniqueName("aggregator_app_" + binder);
		String input = namespace + ".events";
		String output = namespace + ".features";
		String rejected = namespace + ".rejected";
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false", "--spring.cloud.stream.bindings.rejected.destination=" + rejected));
		args.addAll(StreamAppArgs.broker(binder));
		args.addAll(StreamAppArgs.redis(namespace));
		args.addAll(StreamAppArgs.postgres(namespace));
		args.addAll(StreamAppArgs.destinations(input, output));
		try (BrokerClient broker = BrokerClient.of(binder); RedisTestClient redis = new RedisTestClient()) {
			broker.prepareGroup(input, "feature-aggregator");
			BrokerClient.Subscription updates = broker.subscribe(output);
			BrokerClient.Subscription rejects = broker.subscribe(rejected);
			List<BrokerClient.Keyed> records = new ArrayList<>();
			Instant t0 = Instant.parse("2026-11-27T09:00:00Z");
			for (int i = 0; i < 30; i++) {
				String user = "user-" + (i % 3);
				Event event = new Event("e-" + i, i % 2 == 0 ? "click" : "page_view", user, null, "s-" + user,
						t0.plusSeconds(i), t0.plusSeconds(i), null, Map.of(), 1);
				records.add(new BrokerClient.Keyed(user, OnrampJson.mapper().writeValueAsBytes(event)));
				if (i == 10) {
					records.add(new BrokerClient.Keyed(user, "{not json".getBytes(StandardCharsets.UTF_8)));
					// An event followed by more content is not one JSON document.
					records.add(new BrokerClient.Keyed(user,
							(new String(OnrampJson.mapper().writeValueAsBytes(event), StandardCharsets.UTF_8) + " {\"more\": 1}")
								.getBytes(StandardCharsets.UTF_8)));
				}
			}
			// The update carries its event as the record came, with a field this version does not know.
			String asSent = """
					{ "eventId": "e-extra", "type": "click", "userId": "user-1", "occurredAt": "2026-11-27T09:01:00Z",
					  "campaign": {"name": "spring \\"launch\\"", "ids": [1, 2]} }
					""";
			records.add(new BrokerClient.Keyed("user-1", asSent.getBytes(StandardCharsets.UTF_8)));
			// The first event again: a redelivery.
			records.add(records.get(0));
			broker.send(input, records);

			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FeatureAggregatorApplication.class)
				.run(args.toArray(String[]::new))) {
				List<FeatureUpdate> received = new ArrayList<>();
				String extraUpdate = null;
				for (byte[] payload : updates.take(32, Duration.ofSeconds(60))) {
					FeatureUpdate update = OnrampJson.mapper().readValue(payload, FeatureUpdate.class);
					received.add(update);
					if (update.event().eventId().equals("e-extra")) {
						extraUpdate = new String(payload, StandardCharsets.UTF_8);
					}
				}
				List<byte[]> rejectedRecords = rejects.take(2, Duration.ofSeconds(20));

				assertThat(received).hasSize(32);
				assertThat(extraUpdate).contains("\"event\":" + asSent);
				assertThat(OnrampJson.mapper().readTree(extraUpdate).at("/event/campaign/ids/1").asInt()).isEqualTo(2);
				for (String user : List.of("user-0", "user-1", "user-2")) {
					List<Long> versions = received.stream()
						.filter(update -> update.userId().equals(user) && !update.duplicate())
						.map(FeatureUpdate::version)
						.toList();
					assertThat(versions).as("versions of %s, in order", user).isSorted()
						.hasSize(user.equals("user-1") ? 11 : 10)
						.doesNotHaveDuplicates();
				}
				assertThat(received).filteredOn(FeatureUpdate::duplicate)
					.singleElement()
					.satisfies(duplicate -> assertThat(duplicate.event().eventId()).isEqualTo("e-0"));
				assertThat(redis.template().opsForHash().get(new RedisKeys(namespace).features("user-0"), "events_total")).isEqualTo("10");
				assertThat(rejectedRecords).hasSize(2)
					.satisfies(record -> assertThat(new String(record, StandardCharsets.UTF_8)).isEqualTo("{not json"), atIndex(0))
					.satisfies(record -> assertThat(new String(record, StandardCharsets.UTF_8)).endsWith("} {\"more\": 1}"), atIndex(1));
				if (broker instanceof BrokerClient.KafkaClient kafka) {
					// Keyed by user, and each user's updates on one partition, in order.
					List<ConsumerRecord<String, byte[]>> sent = kafka.read(output, 32, Duration.ofSeconds(20));
					Map<String, Set<Integer>> partitions = new HashMap<>();
					assertThat(sent).hasSize(32).allSatisfy(record -> {
						String user = OnrampJson.mapper().readValue(record.value(), FeatureUpdate.class).userId();
						assertThat(record.key()).isEqualTo(user);
						partitions.computeIfAbsent(user, key -> new HashSet<>()).add(record.partition());
					});
					assertThat(partitions).hasSize(3).allSatisfy((user, used) -> assertThat(used).as(user).hasSize(1));
				}
			}
			finally {
				updates.close();
				rejects.close();
				broker.deleteGroup(input, "feature-aggregator");
				redis.deletePrefix(namespace);
				TestServices.postgres().dropSchema(namespace);
			}
		}
	}

}
