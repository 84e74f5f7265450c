package io.onramp.aggregator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and erasing a user's features over HTTP, with the test binder and a real Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "onramp.aggregator.erasure-token=s3cret")
@Import(TestChannelBinderConfiguration.class)
class FeatureApiTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "aggregator_api");
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

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void servesTheUsersTypedFeatures() throws Exception {
		String user = "u-" + UUID.randomUUID();
		assertThat(send("GET", "/v1/users/" + user + "/features", null).statusCode()).isEqualTo(404);
		apply(user, "step_completed", Map.of("step", 2), null);
		apply(user, "device_changed", Map.of(), "mobile");

		HttpResponse<String> response = send("GET", "/v1/users/" + user + "/features", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = OnrampJson.mapper().readTree(response.body());
		assertThat(body.get("version").asLong()).isEqualTo(2);
		assertThat(body.get("features").get("device_type").asString()).isEqualTo("mobile");
		assertThat(body.get("features").get("steps_completed").isIntegralNumber()).isTrue();
		assertThat(body.get("features").get("onboarding_progress").asDouble()).isEqualTo(0.2);
		assertThat(body.get("features").has("_watermark")).isFalse();
	}

	@Test
	void erasureNeedsTheTokenAndRemovesEverythingOfTheUser() throws Exception {
		String user = "u-" + UUID.randomUUID();
		Event event = apply(user, "step_completed", Map.of("step", 1), null);
		redis.opsForValue().set(keys.experience(user), "{}");
		assertThat(redis.keys(keys.userPattern(user))).hasSizeGreaterThanOrEqualTo(4);

		assertThat(send("DELETE", "/v1/users/" + user, null).statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/v1/users/" + user, "Bearer wrong").statusCode()).isEqualTo(401);
		HttpResponse<String> erased = send("DELETE", "/v1/users/" + user, "Bearer s3cret");

		assertThat(erased.statusCode()).isEqualTo(200);
		assertThat(redis.keys(keys.userPattern(user))).isEmpty();
		assertThat(send("GET", "/v1/users/" + user + "/features", null).statusCode()).isEqualTo(404);
		// The applied marks went too: the same event now counts as new.
		input.send(MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(event)).build(), "onramp.events");
		output.receive(5000, "onramp.features");
		assertThat(redis.opsForHash().get(keys.features(user), "events_total")).isEqualTo("1");
	}

	private Event apply(String user, String type, Map<String, Object> properties, String device) {
		Event event = new Event(UUID.randomUUID().toString(), type, user, null, "s-1", Instant.now(), Instant.now(),
				device == null ? null : new Event.EventContext(device, null, null, null, null, null), properties, 1);
		input.send(MessageBuilder.withPayload(OnrampJson.mapper().writeValueAsBytes(event)).build(), "onramp.events");
		assertThat(output.receive(5000, "onramp.features")).isNotNull();
		return event;
	}

	private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
