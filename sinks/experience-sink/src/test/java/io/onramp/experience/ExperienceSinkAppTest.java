package io.onramp.experience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.SseClient;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink with the test binder and a real Redis (storage and pub/sub). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestChannelBinderConfiguration.class)
class ExperienceSinkAppTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "sink_app");
	}

	@LocalServerPort
	int port;

	@Autowired
	InputDestination input;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Test
	void servesTheLatestExperienceAfterTheFirstDecision() throws Exception {
		String user = "u-" + UUID.randomUUID();
		assertThat(get("/v1/users/" + user + "/experience").statusCode()).isEqualTo(404);

		deliver(decision(user, 1, "compact"));

		HttpResponse<String> response = get("/v1/users/" + user + "/experience");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(OnrampJson.mapper().readValue(response.body(), ExperienceDecision.class).experience().layout())
			.isEqualTo("compact");
	}

	@Test
	void anOpenPageGetsTheCurrentExperienceThenEachNewOne() throws Exception {
		String user = "u-" + UUID.randomUUID();
		deliver(decision(user, 1, "standard"));
		try (SseClient page = SseClient.open(uri("/v1/users/" + user + "/experience/stream"))) {
			SseClient.Received current = page.next(Duration.ofSeconds(5));
			assertThat(current.name()).isEqualTo("experience");
			assertThat(current.id()).isEqualTo("1");
			assertThat(current.data()).contains("\"layout\":\"standard\"");

			deliver(decision(user, 2, "compact"));

			SseClient.Received pushed = page.next(Duration.ofSeconds(5));
			assertThat(pushed.id()).isEqualTo("2");
			assertThat(OnrampJson.mapper().readValue(pushed.data(), ExperienceDecision.class).experience().layout())
				.isEqualTo("compact");
		}
	}

	@Test
	void aDecisionStoredByAnotherSinkInstanceReachesPagesOpenHere() throws Exception {
		String user = "u-" + UUID.randomUUID();
		try (SseClient page = SseClient.open(uri("/v1/users/" + user + "/experience/stream"))) {
			// What another instance's ExperienceStore.save does: announce on the shared channel.
			redis.convertAndSend(keys.experienceChannel(), OnrampJson.mapper().writeValueAsString(decision(user, 7, "compact")));

			SseClient.Received pushed = page.next(Duration.ofSeconds(5));
			assertThat(pushed).isNotNull();
			assertThat(pushed.id()).isEqualTo("7");
		}
	}

	@Test
	void pagesOfOtherUsersHearNothing() throws Exception {
		String user = "u-" + UUID.randomUUID();
		try (SseClient page = SseClient.open(uri("/v1/users/" + user + "/experience/stream"))) {
			deliver(decision("someone-else-" + UUID.randomUUID(), 1, "compact"));
			assertThat(page.next(Duration.ofMillis(500))).isNull();
		}
	}

	private void deliver(ExperienceDecision decision) {
		input.send(MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(decision)).build(), "onramp.decisions");
	}

	private static ExperienceDecision decision(String user, long version, String layout) {
		return new ExperienceDecision(user, new Experience(layout, "low", null, null, null), List.of(), 1,
				"e-" + version, version, Instant.now(), Instant.now(), Instant.now());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
