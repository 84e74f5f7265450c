package io.onramp.experience;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.SseClient;
import io.onramp.contracts.StreamTokens;
import io.onramp.stream.RejectedRecords;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink with the test binder and a real Redis (storage and pub/sub). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "onramp.sink.stream-token-secret=" + ExperienceSinkAppTest.SECRET,
				"onramp.sink.allowed-origins=https://app.example.com", "onramp.sink.max-pending-per-stream=8" })
@Import(TestChannelBinderConfiguration.class)
class ExperienceSinkAppTest {

	static final String SECRET = "test-secret-that-is-at-least-32-bytes";

	private final StreamTokens tokens = new StreamTokens(SECRET);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "sink_app");
	}

	@LocalServerPort
	int port;

	@Autowired
	InputDestination input;

	@Autowired
	OutputDestination output;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	ExperienceStreams streams;

	@Test
	void servesTheLatestExperienceAfterTheFirstDecision() throws Exception {
		String user = "u-" + UUID.randomUUID();
		assertThat(get("/v1/users/" + user + "/experience", user).statusCode()).isEqualTo(404);

		deliver(decision(user, 1, "compact"));

		HttpResponse<String> response = get("/v1/users/" + user + "/experience", user);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(OnrampJson.mapper().readValue(response.body(), ExperienceDecision.class).experience().layout())
			.isEqualTo("compact");
	}

	@Test
	void anOpenPageGetsTheCurrentExperienceThenEachNewOne() throws Exception {
		String user = "u-" + UUID.randomUUID();
		deliver(decision(user, 1, "standard"));
		try (SseClient page = open(user)) {
			SseClient.Received current = page.next(Duration.ofSeconds(5));
			assertThat(current.name()).isEqualTo("experience");
			assertThat(current.id()).isEqualTo("1.1");
			assertThat(current.data()).contains("\"layout\":\"standard\"");

			deliver(decision(user, 2, "compact"));

			SseClient.Received pushed = page.next(Duration.ofSeconds(5));
			assertThat(pushed.id()).isEqualTo("2.1");
			assertThat(OnrampJson.mapper().readValue(pushed.data(), ExperienceDecision.class).experience().layout())
				.isEqualTo("compact");
		}
	}

	@Test
	void aDecisionStoredByAnotherSinkInstanceReachesPagesOpenHere() throws Exception {
		String user = "u-" + UUID.randomUUID();
		try (SseClient page = open(user)) {
			// What another instance's ExperienceStore.save does: announce on the shared channel.
			redis.convertAndSend(keys.experienceChannel(), OnrampJson.mapper().writeValueAsString(decision(user, 7, "compact")));

			SseClient.Received pushed = page.next(Duration.ofSeconds(5));
			assertThat(pushed).isNotNull();
			assertThat(pushed.id()).isEqualTo("7.1");
		}
	}

	@Test
	void pagesOfOtherUsersHearNothing() throws Exception {
		String user = "u-" + UUID.randomUUID();
		try (SseClient page = open(user)) {
			deliver(decision("someone-else-" + UUID.randomUUID(), 1, "compact"));
			assertThat(page.next(Duration.ofMillis(500))).isNull();
		}
	}

	@Test
	void aPageNeedsAValidTokenForItsOwnUser() throws Exception {
		String user = "u-" + UUID.randomUUID();
		HttpResponse<String> none = get("/v1/users/" + user + "/experience/stream", null);
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.body()).contains("no stream token");
		HttpResponse<String> other = get("/v1/users/" + user + "/experience/stream?access_token="
				+ tokens.mint("someone-else", Duration.ofMinutes(5)), null);
		assertThat(other.statusCode()).isEqualTo(401);
		assertThat(other.body()).contains("the stream token is for another user");
		assertThat(get("/v1/users/" + user + "/experience", "someone-else").statusCode()).isEqualTo(401);
	}

	@Test
	void aReconnectingPageGetsWhatItMissedAndNothingItHad() throws Exception {
		String user = "u-" + UUID.randomUUID();
		deliver(decision(user, 3, "compact"));
		try (SseClient page = SseClient.open(streamUri(user), Map.of("Last-Event-ID", "3.1"))) {
			assertThat(page.next(Duration.ofMillis(700))).as("it has decision 3 already").isNull();
		}
		deliver(decision(user, 5, "standard"));
		try (SseClient page = SseClient.open(streamUri(user), Map.of("Last-Event-ID", "3.1"))) {
			SseClient.Received missed = page.next(Duration.ofSeconds(5));
			assertThat(missed.id()).isEqualTo("5.1");
			assertThat(missed.data()).contains("\"layout\":\"standard\"");
		}
	}

	@Test
	void aPageThatDoesNotReadIsDroppedWithoutSlowingTheOthers() throws Exception {
		String slowUser = "slow-" + UUID.randomUUID();
		String user = "u-" + UUID.randomUUID();
		// A page that never reads, behind a tiny receive buffer.
		try (Socket slow = new Socket()) {
			slow.setReceiveBufferSize(1024);
			slow.connect(new InetSocketAddress("localhost", port));
			slow.getOutputStream().write(("GET " + streamUri(slowUser).getRawPath() + "?" + streamUri(slowUser).getRawQuery()
					+ " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			try (SseClient page = open(user)) {
				Thread.sleep(300);
				// About 19 MiB, far more than the socket buffers between the sink and the slow page hold.
				String padding = "x".repeat(64 * 1024);
				for (int version = 1; version <= 300; version++) {
					redis.convertAndSend(keys.experienceChannel(), OnrampJson.mapper()
						.writeValueAsString(decision(slowUser, version, "compact", padding)));
				}
				long sent = System.nanoTime();
				redis.convertAndSend(keys.experienceChannel(),
						OnrampJson.mapper().writeValueAsString(decision(user, 1, "compact")));

				SseClient.Received received = page.next(Duration.ofSeconds(5));
				assertThat(received).isNotNull();
				assertThat(Duration.ofNanos(received.arrivedNanos() - sent)).isLessThan(Duration.ofSeconds(1));
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (streams.droppedStreams() == 0 && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(streams.droppedStreams()).as("the slow page was dropped").isPositive();
			}
		}
	}

	@Test
	void pagesOnAnAllowedOriginMayReadCrossOrigin() throws Exception {
		HttpRequest preflight = HttpRequest.newBuilder(uri("/v1/users/u-1/experience/stream"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "last-event-id")
			.build();
		HttpResponse<String> allowed = HttpClient.newHttpClient().send(preflight, HttpResponse.BodyHandlers.ofString());
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		HttpRequest elsewhere = HttpRequest.newBuilder(uri("/v1/users/u-1/experience/stream"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example.net")
			.header("Access-Control-Request-Method", "GET")
			.build();
		HttpResponse<String> refused = HttpClient.newHttpClient().send(elsewhere, HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
	}

	@Test
	void anOpenPageMarksItsUserLive() throws Exception {
		String user = "u-" + UUID.randomUUID();
		try (SseClient page = open(user)) {
			Double until = redis.opsForZSet().score(keys.liveUsers(), user);
			assertThat(until).isNotNull().isGreaterThan((double) System.currentTimeMillis());
		}
	}

	@Test
	void aBatchReachesTheOpenPageInOrderAndLeavesItsLastDecisionStored() throws Exception {
		String user = "u-" + UUID.randomUUID();
		deliver(decision(user, 1, "standard"));
		try (SseClient page = open(user)) {
			assertThat(page.next(Duration.ofSeconds(5)).id()).isEqualTo("1.1");

			deliver(decision(user, 2, "compact"), decision("u-" + UUID.randomUUID(), 1, "compact"),
					decision(user, 3, "standard"), decision(user, 4, "compact"));

			assertThat(List.of(page.next(Duration.ofSeconds(5)).id(), page.next(Duration.ofSeconds(5)).id(),
					page.next(Duration.ofSeconds(5)).id())).containsExactly("2.1", "3.1", "4.1");
		}
		assertThat(OnrampJson.mapper().readValue(redis.opsForValue().get(keys.experience(user)), ExperienceDecision.class)
			.featureVersion()).isEqualTo(4);
	}

	@Test
	void aRecordThatIsNotADecisionIsRejectedAndTheRestOfItsBatchDelivered() throws Exception {
		String user = "u-" + UUID.randomUUID();
		byte[] broken = "{\"userId\":\"u-1\",\"rulesetRelease\":1,\"featureVersion\":1}".getBytes(StandardCharsets.UTF_8);
		input.send(MessageBuilder.withPayload(List.of(broken, OnrampJson.mapper().writeValueAsBytes(decision(user, 1, "compact"))))
			.build(), "onramp.decisions");

		Message<byte[]> rejected = output.receive(5000, "onramp.decisions.rejected");
		assertThat(rejected).as("the broken record, rejected").isNotNull();
		assertThat(rejected.getPayload()).isEqualTo(broken);
		assertThat((String) rejected.getHeaders().get(RejectedRecords.REASON_HEADER)).isEqualTo("experience is missing");
		assertThat(redis.opsForValue().get(keys.experience(user))).contains("\"layout\":\"compact\"");
	}

	/** Sends the decisions as one batch, as a Kafka poll or a RabbitMQ consumer batch delivers them. */
	private void deliver(ExperienceDecision... decisions) {
		List<byte[]> batch = Stream.of(decisions).map(OnrampJson.mapper()::writeValueAsBytes).toList();
		input.send(MessageBuilder.withPayload(batch).build(), "onramp.decisions");
	}

	private static ExperienceDecision decision(String user, long version, String layout) {
		return decision(user, version, layout, null);
	}

	private static ExperienceDecision decision(String user, long version, String layout, String hintText) {
		return new ExperienceDecision(user,
				new Experience(layout, "low", null, hintText == null ? null : new Experience.Hint("h", hintText), null),
				List.of(), 1, "e-" + version, version, Instant.now(), Instant.now(), Instant.now());
	}

	private SseClient open(String user) throws Exception {
		return SseClient.open(streamUri(user));
	}

	private URI streamUri(String user) {
		return uri("/v1/users/" + user + "/experience/stream?access_token=" + tokens.mint(user, Duration.ofMinutes(5)));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private HttpResponse<String> get(String path, String tokenUser) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (tokenUser != null) {
			request.header("Authorization", "Bearer " + tokens.mint(tokenUser, Duration.ofMinutes(5)));
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
