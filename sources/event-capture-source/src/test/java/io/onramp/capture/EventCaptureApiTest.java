package io.onramp.capture;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.stream.StreamHeaders;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "onramp.capture.max-batch-size=3", "onramp.capture.write-keys.web.key-sha256=" + EventCaptureApiTest.WRITE_KEY_SHA256,
				"onramp.capture.write-keys.web.allowed-origins=https://app.example.com",
				"onramp.capture.write-keys.tiny.key-sha256=" + EventCaptureApiTest.TINY_KEY_SHA256,
				"onramp.capture.write-keys.tiny.events-per-second=1", "onramp.capture.write-keys.tiny.burst=1" })
@Import(TestChannelBinderConfiguration.class)
class EventCaptureApiTest {

	private static final String DESTINATION = "onramp.events";

	static final String WRITE_KEY = "wk-test-0123456789";

	/** printf %s wk-test-0123456789 | sha256sum */
	static final String WRITE_KEY_SHA256 = "0f4844c0dc3022fd52850c6032f2f7f3fc5281774c043077bb8c84b20864de10";

	static final String TINY_KEY = "wk-tiny";

	static final String TINY_KEY_SHA256 = "376eed286d98cc5a23f89c139cab6c28a85633bc1f46b3550c69ee49db24cd79";

	@LocalServerPort
	int port;

	@Autowired
	OutputDestination output;

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void drain() {
		output.clear();
	}

	@Test
	void acceptsOneEventAssignsItsIdAndSendsItKeyedByUser() throws Exception {
		HttpResponse<String> response = post("""
				{"type":"device_changed","userId":"u-7","occurredAt":"2026-11-27T09:00:00Z","context":{"device":"mobile"}}
				""");

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = OnrampJson.mapper().readTree(response.body());
		assertThat(body.get("accepted").asInt()).isEqualTo(1);
		String eventId = body.get("eventIds").get(0).asString();
		assertThat(eventId).hasSize(36);

		Message<byte[]> sent = output.receive(1000, DESTINATION);
		assertThat(sent.getHeaders().get(StreamHeaders.PARTITION_KEY)).isEqualTo("u-7");
		Event event = OnrampJson.mapper().readValue(sent.getPayload(), Event.class);
		assertThat(event.eventId()).isEqualTo(eventId);
		assertThat(event.device()).isEqualTo("mobile");
		assertThat(event.receivedAt()).isNotNull();
		assertThat(event.schemaVersion()).isEqualTo(1);
	}

	@Test
	void acceptsABatchInOrderKeepingClientEventIds() throws Exception {
		HttpResponse<String> response = post("""
				[{"eventId":"11111111-1111-4111-8111-111111111111","type":"page_view","anonymousId":"a-1","occurredAt":"2026-11-27T09:00:00Z"},
				 {"type":"step_completed","userId":"u-1","occurredAt":"2026-11-27T09:00:01Z","properties":{"step":1}}]
				""");

		assertThat(response.statusCode()).isEqualTo(202);
		Message<byte[]> first = output.receive(1000, DESTINATION);
		assertThat(first.getHeaders().get(StreamHeaders.PARTITION_KEY)).isEqualTo("a-1");
		assertThat(OnrampJson.mapper().readValue(first.getPayload(), Event.class).eventId())
			.isEqualTo("11111111-1111-4111-8111-111111111111");
		assertThat(output.receive(1000, DESTINATION).getHeaders().get(StreamHeaders.PARTITION_KEY)).isEqualTo("u-1");
	}

	@Test
	void oneInvalidEventRejectsTheBatchNamingTheFieldAndSendsNothing() throws Exception {
		HttpResponse<String> response = post("""
				[{"type":"click","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z"},
				 {"type":"device_changed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","context":{"device":"fridge"}}]
				""");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = OnrampJson.mapper().readTree(response.body());
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("[1].context.device");
		assertThat(problem.get("errors").get(0).get("message").asString()).contains("mobile");
		assertThat(output.receive(300, DESTINATION)).isNull();
	}

	@Test
	void malformedJsonIsA400() throws Exception {
		HttpResponse<String> response = post("{\"type\": ");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("not valid JSON");
		assertThat(output.receive(300, DESTINATION)).isNull();
	}

	@Test
	void anOversizedBatchIsA413() throws Exception {
		String event = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";
		HttpResponse<String> response = post("[" + String.join(",", event, event, event, event) + "]");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(output.receive(300, DESTINATION)).isNull();
	}

	@Test
	void anEventFollowsItsTypesSchemaAtTheVersionItNames() throws Exception {
		HttpResponse<String> noStep = post("""
				{"type":"step_completed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","properties":{}}
				""");
		assertThat(noStep.statusCode()).isEqualTo(400);
		assertThat(noStep.body()).contains("properties.step");
		HttpResponse<String> unknownVersion = post("""
				{"type":"click","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","schemaVersion":7}
				""");
		assertThat(unknownVersion.statusCode()).isEqualTo(400);
		assertThat(unknownVersion.body()).contains("schemaVersion").contains("event type click has no schema version 7");
		assertThat(output.receive(300, DESTINATION)).isNull();

		assertThat(post("""
				{"type":"step_completed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","properties":{"step":2}}
				""").statusCode()).isEqualTo(202);
		Event sent = OnrampJson.mapper().readValue(output.receive(1000, DESTINATION).getPayload(), Event.class);
		assertThat(sent.schemaVersion()).as("stamped with the type's latest version").isEqualTo(1);
	}

	@Test
	void listsTheSchemasAndServesEachVersion() throws Exception {
		JsonNode index = OnrampJson.mapper().readTree(get("/v1/schemas").body());
		assertThat(index.at("/envelope/version").asInt()).isEqualTo(1);
		assertThat(index.at("/types/step_completed/latest").asInt()).isEqualTo(1);
		assertThat(index.at("/types/step_completed/href").asString()).isEqualTo("/v1/schemas/step_completed/1");

		HttpResponse<String> schema = get("/v1/schemas/step_completed/1");
		assertThat(schema.statusCode()).isEqualTo(200);
		assertThat(schema.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
			.startsWith("application/schema+json"));
		assertThat(OnrampJson.mapper().readTree(schema.body()).at("/properties/properties/required/0").asString())
			.isEqualTo("step");
		assertThat(get("/v1/schemas/envelope/1").statusCode()).isEqualTo(200);
		HttpResponse<String> missing = get("/v1/schemas/step_completed/9");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("has no schema version 9");
		assertThat(get("/v1/schemas/teleported/1").body()).contains("no event type 'teleported'");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aRequestNeedsAKnownWriteKeyFromAnAllowedOrigin() throws Exception {
		String event = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";
		HttpResponse<String> none = send(request(event).build());
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.body()).contains("no write key");
		HttpResponse<String> unknown = send(request(event).header("Authorization", "Bearer wk-nope").build());
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(unknown.body()).contains("not one of this installation's");
		HttpResponse<String> elsewhere = send(request(event).header("Authorization", "Bearer " + WRITE_KEY)
			.header("Origin", "https://evil.example.net").build());
		assertThat(elsewhere.statusCode()).isEqualTo(403);
		assertThat(send(request(event).header("Authorization", "Bearer " + WRITE_KEY)
			.header("Origin", "https://app.example.com").build()).statusCode()).isEqualTo(202);
		// sendBeacon cannot set headers: the key may come as a query parameter.
		assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events?writeKey=" + WRITE_KEY))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(event))
			.build()).statusCode()).isEqualTo(202);
		assertThat(output.receive(1000, DESTINATION)).isNotNull();
		assertThat(output.receive(1000, DESTINATION)).isNotNull();
		assertThat(output.receive(300, DESTINATION)).as("nothing of the refused requests was sent").isNull();
	}

	@Test
	void anApplicationOverItsRateIsTold429WithRetryAfter() throws Exception {
		String event = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";
		assertThat(send(request(event).header("Authorization", "Bearer " + TINY_KEY).build()).statusCode()).isEqualTo(202);
		HttpResponse<String> limited = send(request(event).header("Authorization", "Bearer " + TINY_KEY).build());
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(output.receive(1000, DESTINATION)).isNotNull();
		assertThat(output.receive(300, DESTINATION)).isNull();
	}

	@Test
	void takesGzipBodiesAndRefusesBodiesOverOneMebibyte() throws Exception {
		String event = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
			gzip.write(event.getBytes(StandardCharsets.UTF_8));
		}
		HttpResponse<String> gzipped = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.header("Authorization", "Bearer " + WRITE_KEY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
			.build());
		assertThat(gzipped.statusCode()).isEqualTo(202);
		assertThat(output.receive(1000, DESTINATION)).isNotNull();

		String huge = "{\"type\":\"custom\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\",\"properties\":{\"name\":\""
				+ "x".repeat(1_100_000) + "\"}}";
		HttpResponse<String> tooLarge = post(huge);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.body()).contains("larger than 1048576 bytes");
		// A small gzip body that inflates past the limit (a zip bomb) stops at the limit.
		ByteArrayOutputStream bomb = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
			gzip.write(huge.getBytes(StandardCharsets.UTF_8));
		}
		assertThat(bomb.size()).isLessThan(20_000);
		assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.header("Authorization", "Bearer " + WRITE_KEY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(bomb.toByteArray()))
			.build()).statusCode()).isEqualTo(413);
		assertThat(output.receive(300, DESTINATION)).isNull();
	}

	@Test
	void anEventFromTooFarInTheFutureIsClampedToItsReceiptAndFlagged() throws Exception {
		Instant future = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
		assertThat(post("{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"" + future + "\"}").statusCode())
			.isEqualTo(202);
		Event sent = OnrampJson.mapper().readValue(output.receive(1000, DESTINATION).getPayload(), Event.class);
		assertThat(sent.occurredAt()).isEqualTo(sent.receivedAt());
		assertThat(sent.properties()).containsEntry("clientOccurredAt", future.toString());
	}

	@Test
	void describesItsApiAndCountsWhatItTookAndRefused() throws Exception {
		String event = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";
		assertThat(post(event).statusCode()).isEqualTo(202);
		assertThat(send(request(event).build()).statusCode()).isEqualTo(401);
		assertThat(post("{\"type\":\"teleport\"}").statusCode()).isEqualTo(400);

		JsonNode api = OnrampJson.mapper().readTree(get("/v3/api-docs").body());
		assertThat(api.at("/paths/~1v1~1events/post/responses/429").isMissingNode()).isFalse();
		assertThat(api.at("/paths/~1v1~1schemas/get").isMissingNode()).isFalse();
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).contains("onramp_capture_events_accepted_total")
			.contains("onramp_capture_requests_rejected_total{reason=\"unauthorized\"}")
			.contains("onramp_capture_requests_rejected_total{reason=\"invalid\"}")
			.contains("http_server_requests_seconds_bucket")
			// StreamBridge's pass-through function, called once per event, is not timed (EventCaptureSourceApplication).
			.doesNotContain("spring_cloud_function");
	}

	private HttpResponse<String> post(String json) throws Exception {
		return send(request(json).header("Authorization", "Bearer " + WRITE_KEY).build());
	}

	private HttpRequest.Builder request(String json) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
