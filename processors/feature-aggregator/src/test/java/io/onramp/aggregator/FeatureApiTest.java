package io.onramp.aggregator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureHistory;
import io.onramp.features.FeatureRegistry;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and erasing a user's features over HTTP, with a real Redis and Postgres (the test binder stands in for the broker). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "onramp.aggregator.erasure-token=s3cret")
@Import(TestChannelBinderConfiguration.class)
class FeatureApiTest {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		OnrampTestProperties.redis(registry, "aggregator_api");
		OnrampTestProperties.postgres(registry, "aggregator_api");
	}

	@LocalServerPort
	int port;

	/** The stream function itself, given a batch of one as the binder would. */
	@Autowired
	FeatureAggregation aggregation;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	FeatureRegistry registry;

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
		// batch-jobs' nightly snapshots, in the same database: the user on two days, someone else beside.
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS user_snapshot (logical_date date NOT NULL, user_bucket smallint NOT NULL,
				    user_id text NOT NULL, last_change timestamptz NOT NULL, features jsonb NOT NULL,
				    PRIMARY KEY (logical_date, user_bucket, user_id))""");
		for (String day : List.of("2026-11-25", "2026-11-26")) {
			for (String someone : List.of(user, "someone-else")) {
				jdbc.update("INSERT INTO user_snapshot VALUES (?::date, hashtext(?) & 1023, ?, now(), '{}')", day, someone, someone);
			}
		}

		assertThat(send("DELETE", "/v1/users/" + user, null).statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/v1/users/" + user, "Bearer wrong").statusCode()).isEqualTo(401);
		HttpResponse<String> erased = send("DELETE", "/v1/users/" + user, "Bearer s3cret");

		assertThat(erased.statusCode()).isEqualTo(200);
		assertThat(redis.keys(keys.userPattern(user))).isEmpty();
		assertThat(erased.body()).contains("\"historyRowsDeleted\"").contains("\"snapshotRowsDeleted\":2");
		assertThat(jdbc.queryForList("SELECT DISTINCT user_id FROM user_snapshot", String.class)).containsExactly("someone-else");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM feature_history WHERE user_id = ?", Long.class, user)).isZero();
		assertThat(send("GET", "/v1/users/" + user + "/features", null).statusCode()).isEqualTo(404);
		// The applied marks went too: the same event now counts as new.
		aggregation.apply(List.of(OnrampJson.mapper().writeValueAsBytes(event)));
		assertThat(redis.opsForHash().get(keys.features(user), "events_total")).isEqualTo("1");
	}

	@Test
	void keepsEveryChangeInTheOfflineHistoryExactlyOnce() {
		String user = "u-" + UUID.randomUUID();
		Instant t0 = Instant.parse("2026-11-27T09:00:00Z");
		apply(user, "page_view", Map.of(), "desktop", t0);
		Event switched = apply(user, "device_changed", Map.of(), "mobile", t0.plusSeconds(60));
		apply(user, "step_completed", Map.of("step", 1), null, t0.plusSeconds(120));
		// A redelivery writes nothing new; the new event in its batch is written all the same.
		Event clicked = new Event(UUID.randomUUID().toString(), "click", user, null, "s-1", t0.plusSeconds(180),
				t0.plusSeconds(180), null, Map.of(), 1);
		aggregation.apply(List.of(OnrampJson.mapper().writeValueAsBytes(switched), OnrampJson.mapper().writeValueAsBytes(clicked)));

		FeatureHistory history = new FeatureHistory(jdbc, registry);
		assertThat(history.asOf(user, t0.minusSeconds(1))).isEmpty();
		assertThat(history.asOf(user, t0.plusSeconds(30))).containsEntry("device_type", "desktop")
			.containsEntry("events_total", 1L).doesNotContainKey("steps_completed");
		assertThat(history.asOf(user, t0.plusSeconds(90))).containsEntry("device_type", "mobile")
			.containsEntry("device_switches", 1L).containsEntry("events_total", 2L);
		assertThat(history.asOf(user, t0.plusSeconds(150))).containsEntry("steps_completed", 1L)
			.containsEntry("events_total", 3L);
		assertThat(history.asOf(user, t0.plusSeconds(600))).containsEntry("events_total", 4L);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM feature_history WHERE user_id = ? AND feature = 'events_total'",
				Long.class, user)).isEqualTo(4);
	}

	@Test
	void theHistoryKeepsAnEventsTextAndTimeExactly() {
		// The rows travel to Postgres as JSON: quotes, backslashes, tabs and non-ASCII text come back as sent,
		// and the event time to the millisecond.
		String user = "u-" + UUID.randomUUID();
		String device = "tab\tquote\" back\\slash \\N ü 💡";
		Instant at = Instant.parse("2026-11-27T09:00:00.123Z");
		Event event = apply(user, "page_view", Map.of(), device, at);

		Map<String, Object> row = jdbc.queryForMap(
				"SELECT value, event_time, event_id, version FROM feature_history WHERE user_id = ? AND feature = 'device_type'",
				user);
		assertThat(row.get("value")).isEqualTo(device);
		assertThat(((Timestamp) row.get("event_time")).toInstant()).isEqualTo(at);
		assertThat(row.get("event_id")).isEqualTo(event.eventId());
		assertThat(row.get("version")).isEqualTo(1L);
		assertThat(new FeatureHistory(jdbc, registry).asOf(user, at)).containsEntry("device_type", device)
			.containsEntry("events_total", 1L);
	}

	private Event apply(String user, String type, Map<String, Object> properties, String device) {
		return apply(user, type, properties, device, Instant.now());
	}

	private Event apply(String user, String type, Map<String, Object> properties, String device, Instant at) {
		Event event = new Event(UUID.randomUUID().toString(), type, user, null, "s-1", at, at,
				device == null ? null : new Event.EventContext(device, null, null, null, null, null), properties, 1);
		assertThat(aggregation.apply(List.of(OnrampJson.mapper().writeValueAsBytes(event)))).hasSize(1);
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
