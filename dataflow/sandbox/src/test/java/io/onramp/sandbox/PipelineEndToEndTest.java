package io.onramp.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.SseClient;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four apps and the lake sink against the real broker and Redis, once on Kafka and once on RabbitMQ, only
 * the binder property differing: a user's action travels from the capture API to the user's open page, and
 * into the data lake.
 */
class PipelineEndToEndTest {

	private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@EnumSource(Broker.class)
	void aDeviceSwitchReachesTheOpenPageAndARepeatedEventCountsOnce(Broker broker) throws Exception {
		String namespace = TestServices.uniqueName("e2e_" + broker.binder());
		Endpoints.Redis redisEndpoint = TestServices.redis();
		Path lake = Files.createTempDirectory("onramp-lake");
		List<String> posted = new ArrayList<>();
		// Closed in reverse: the pipeline stops (and the lake sink acknowledges its last file) before its queues go.
		try (RabbitCleanup ignored = new RabbitCleanup(broker, namespace);
				LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings(broker,
						broker == Broker.KAFKA ? TestServices.kafka() : null,
						broker == Broker.RABBIT ? TestServices.rabbit() : null, redisEndpoint, TestServices.postgres(), namespace,
						0, lake));
				AutoCloseable history = () -> TestServices.postgres().dropSchema(namespace);
				Redis redis = new Redis(namespace)) {
			String user = "u-" + UUID.randomUUID();
			String token = pipeline.streamTokens().mint(user, Duration.ofMinutes(10));
			try (SseClient page = SseClient.open(pipeline.experienceUrl().resolve("/v1/users/" + user + "/experience/stream"),
					Map.of("Authorization", "Bearer " + token))) {
				String desktop = post(pipeline, deviceChanged(user, "desktop"));
				posted.add(desktop);
				assertThat(awaitDecision(page, desktop).experience().layout()).isEqualTo("standard");

				String mobileEvent = deviceChanged(user, "mobile");
				String mobile = post(pipeline, mobileEvent);
				posted.add(mobile);
				ExperienceDecision decision = awaitDecision(page, mobile);
				assertThat(decision.experience().layout()).isEqualTo("compact");
				assertThat(decision.experience().density()).isEqualTo("low");

				// The same event again (a client retry): the aggregator recognizes it and re-emits the features; the
				// decision made again is one the page already has, so the page is not sent it twice.
				assertThat(post(pipeline, mobileEvent)).isEqualTo(mobile);
				assertThat(redis.features(user)).containsEntry("events_total", "2").containsEntry("device_switches", "1");

				HttpResponse<String> latest = http.send(HttpRequest
					.newBuilder(pipeline.experienceUrl().resolve("/v1/users/" + user + "/experience"))
					.header("Authorization", "Bearer " + token)
					.build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(latest.statusCode()).isEqualTo(200);
				assertThat(latest.body()).contains("\"layout\":\"compact\"");

				posted.addAll(reportLatency(broker, pipeline, page, user));
			}
		}
		// Closing the pipeline rolled the lake sink's last file: every event is in the lake, the repeated one twice.
		try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
				ResultSet lakeEvents = statement.executeQuery("SELECT event_id FROM read_parquet('" + lake.toAbsolutePath()
						+ "/dt=*/hour=*/*.parquet') WHERE user_id IS NOT NULL")) {
			List<String> inLake = new ArrayList<>();
			while (lakeEvents.next()) {
				inLake.add(lakeEvents.getString(1));
			}
			assertThat(inLake).hasSize(posted.size() + 1).containsOnlyElementsOf(posted).containsAll(posted);
		}
	}

	/**
	 * Posts 20 device switches one after another and prints the median time from POST to SSE arrival; returns
	 * their event ids.
	 */
	private List<String> reportLatency(Broker broker, LocalPipeline pipeline, SseClient page, String user) throws Exception {
		List<String> eventIds = new ArrayList<>();
		List<Double> total = new ArrayList<>();
		List<Double> toDecision = new ArrayList<>();
		List<Double> toPage = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			String eventId = post(pipeline, deviceChanged(user, i % 2 == 0 ? "desktop" : "mobile"));
			eventIds.add(eventId);
			SseClient.Received arrival = awaitArrival(page, eventId);
			ExperienceDecision decision = OnrampJson.mapper().readValue(arrival.data(), ExperienceDecision.class);
			total.add((arrival.arrivedNanos() - start) / 1_000_000.0);
			toDecision.add(Duration.between(decision.eventReceivedAt(), decision.decidedAt()).toNanos() / 1_000_000.0);
			toPage.add(Duration.between(decision.decidedAt(), arrival.arrivedAt()).toNanos() / 1_000_000.0);
		}
		System.out.printf("[onramp-e2e] %s: POST -> SSE over %d events: median %.1f ms (min %.1f, max %.1f); "
				+ "of which received -> decided %.1f ms, decided -> page %.1f ms (medians)%n", broker.binder(),
				total.size(), median(total), min(total), max(total), median(toDecision), median(toPage));
		return eventIds;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
	}

	private ExperienceDecision awaitDecision(SseClient page, String eventId) throws InterruptedException {
		return OnrampJson.mapper().readValue(awaitArrival(page, eventId).data(), ExperienceDecision.class);
	}

	private SseClient.Received awaitArrival(SseClient page, String eventId) throws InterruptedException {
		long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			SseClient.Received received = page.next(Duration.ofNanos(deadline - System.nanoTime()));
			if (received != null && received.data().contains("\"eventId\":\"" + eventId + "\"")) {
				return received;
			}
		}
		throw new AssertionError("No experience for event " + eventId + " reached the page within " + ARRIVAL_TIMEOUT);
	}

	private String post(LocalPipeline pipeline, String event) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(pipeline.captureUrl().resolve("/v1/events"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + pipeline.writeKey())
			.POST(HttpRequest.BodyPublishers.ofString(event))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return OnrampJson.mapper().readTree(response.body()).get("eventIds").get(0).asString();
	}

	private static String deviceChanged(String user, String device) {
		return OnrampJson.mapper().writeValueAsString(Map.of("eventId", UUID.randomUUID().toString(), "type",
				"device_changed", "userId", user, "occurredAt", Instant.now().toString(), "context",
				Map.of("device", device)));
	}

	/** Reads features straight from Redis, as the aggregator stored them. */
	private static final class Redis implements AutoCloseable {

		private final RedisTestClient client = new RedisTestClient();

		private final RedisKeys keys;

		Redis(String prefix) {
			keys = new RedisKeys(prefix);
		}

		Map<Object, Object> features(String user) {
			return client.template().opsForHash().entries(keys.features(user));
		}

		@Override
		public void close() {
			client.deletePrefix(keys.prefix());
			client.close();
		}

	}

	/** Removes the exchanges and queues the RabbitMQ binder declared for this pipeline from the shared broker. */
	private record RabbitCleanup(Broker broker, String namespace) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (broker != Broker.RABBIT) {
				return;
			}
			try (com.rabbitmq.client.Connection connection = TestServices.rabbit().connectionFactory().newConnection();
					com.rabbitmq.client.Channel channel = connection.createChannel()) {
				for (String[] binding : new String[][] { { "events", "feature-aggregator" }, { "events", "event-lake-sink" },
						{ "features", "trigger-evaluator" }, { "decisions", "experience-sink" } }) {
					String queue = namespace + "." + binding[0] + "." + binding[1];
					channel.queueDelete(queue);
					channel.queueDelete(queue + ".dlq");
				}
				for (String destination : List.of("events", "features", "decisions")) {
					channel.exchangeDelete(namespace + "." + destination);
				}
			}
		}

	}

}
