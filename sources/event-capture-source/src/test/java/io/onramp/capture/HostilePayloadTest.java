package io.onramp.capture;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests: each gets a 4xx with a reason, nothing reaches the broker, and the app
 * stays healthy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "onramp.capture.write-keys.web.key-sha256=" + EventCaptureApiTest.WRITE_KEY_SHA256,
				"onramp.capture.write-keys.web.events-per-second=1000000", "onramp.capture.write-keys.web.burst=1000000" })
@Import(TestChannelBinderConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePayloadTest {

	private static final String KEY = EventCaptureApiTest.WRITE_KEY;

	private static final String OK = "\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"";

	@LocalServerPort
	int port;

	@Autowired
	OutputDestination output;

	private final HttpClient http = HttpClient.newHttpClient();

	static Stream<Arguments> hostile() {
		List<Arguments> cases = new ArrayList<>();
		// Not JSON, or not an event.
		json(cases, "empty body", "", "(body)");
		json(cases, "not JSON", "hello", "not valid JSON");
		json(cases, "truncated JSON", "{\"type\":\"click\",", "not valid JSON");
		json(cases, "a JSON string", "\"click\"", "(event)");
		json(cases, "a JSON number", "42", "(event)");
		json(cases, "JSON null", "null", "(event)");
		json(cases, "an empty array", "[]", "no events");
		json(cases, "an array of numbers", "[1,2]", "[0]");
		json(cases, "an empty object", "{}", "type");
		json(cases, "trailing garbage", "{\"type\":\"click\"," + OK + "} x", "not valid JSON");
		// Wrong or missing fields.
		json(cases, "missing type", "{" + OK + "}", "type");
		json(cases, "unknown type", "{\"type\":\"teleport\"," + OK + "}", "type");
		json(cases, "type as a number", "{\"type\":7," + OK + "}", "type");
		json(cases, "type as an array", "{\"type\":[\"click\"]," + OK + "}", "type");
		json(cases, "no user", "{\"type\":\"click\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "empty userId", "{\"type\":\"click\",\"userId\":\"\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "userId with spaces", "{\"type\":\"click\",\"userId\":\"a b\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "userId with a script", "{\"type\":\"click\",\"userId\":\"<script>alert(1)</script>\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "userId as a number", "{\"type\":\"click\",\"userId\":12,\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "userId as an object", "{\"type\":\"click\",\"userId\":{\"$ne\":null},\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "huge userId", "{\"type\":\"click\",\"userId\":\"" + "u".repeat(10_000) + "\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}", "userId");
		json(cases, "missing occurredAt", "{\"type\":\"click\",\"userId\":\"u-1\"}", "occurredAt");
		json(cases, "occurredAt not a time", "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"yesterday\"}", "occurredAt");
		json(cases, "occurredAt as a number", "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":1795770000}", "occurredAt");
		json(cases, "eventId not a UUID", "{\"type\":\"click\",\"eventId\":\"1; DROP TABLE events\"," + OK + "}", "eventId");
		json(cases, "eventId as a number", "{\"type\":\"click\",\"eventId\":5," + OK + "}", "eventId");
		json(cases, "unknown top-level field", "{\"type\":\"click\",\"admin\":true," + OK + "}", "admin");
		json(cases, "prototype pollution key", "{\"type\":\"click\",\"__proto__\":{\"admin\":true}," + OK + "}", "__proto__");
		json(cases, "sessionId too long", "{\"type\":\"click\",\"sessionId\":\"" + "s".repeat(500) + "\"," + OK + "}", "sessionId");
		json(cases, "schemaVersion 0", "{\"type\":\"click\",\"schemaVersion\":0," + OK + "}", "schemaVersion");
		json(cases, "schemaVersion unknown", "{\"type\":\"click\",\"schemaVersion\":99," + OK + "}", "schemaVersion");
		json(cases, "schemaVersion as a string", "{\"type\":\"click\",\"schemaVersion\":\"1\"," + OK + "}", "schemaVersion");
		// Type-specific.
		json(cases, "step_completed without step", "{\"type\":\"step_completed\"," + OK + "}", "properties");
		json(cases, "step as a string", "{\"type\":\"step_completed\",\"properties\":{\"step\":\"two\"}," + OK + "}", "properties.step");
		json(cases, "step zero", "{\"type\":\"step_completed\",\"properties\":{\"step\":0}," + OK + "}", "properties.step");
		json(cases, "step huge", "{\"type\":\"step_completed\",\"properties\":{\"step\":1e300}," + OK + "}", "properties.step");
		json(cases, "device_changed without device", "{\"type\":\"device_changed\"," + OK + "}", "context");
		json(cases, "unknown device", "{\"type\":\"device_changed\",\"context\":{\"device\":\"toaster\"}," + OK + "}", "context.device");
		json(cases, "context as a string", "{\"type\":\"click\",\"context\":\"mobile\"," + OK + "}", "context");
		json(cases, "unknown context field", "{\"type\":\"click\",\"context\":{\"ip\":\"1.2.3.4\"}," + OK + "}", "context.ip");
		json(cases, "negative screen", "{\"type\":\"click\",\"context\":{\"screen\":{\"width\":-1,\"height\":5}}," + OK + "}", "context.screen.width");
		json(cases, "page path too long", "{\"type\":\"click\",\"context\":{\"page\":{\"path\":\"/" + "p".repeat(3000) + "\"}}," + OK + "}", "context.page.path");
		json(cases, "properties as an array", "{\"type\":\"click\",\"properties\":[1,2]," + OK + "}", "properties");
		StringBuilder many = new StringBuilder("{");
		for (int i = 0; i < 150; i++) {
			many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
		}
		json(cases, "too many properties", "{\"type\":\"click\",\"properties\":" + many + "}," + OK + "}", "properties");
		json(cases, "deeply nested properties", "{\"type\":\"click\",\"properties\":{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}," + OK + "}", "");
		json(cases, "one bad event in a batch", "[{\"type\":\"click\"," + OK + "},{\"type\":\"nope\"," + OK + "}]", "[1].type");
		json(cases, "a batch over 500", "[" + String.join(",", java.util.Collections.nCopies(501, "{\"type\":\"click\"," + OK + "}")) + "]", "501");
		// Encodings, sizes, content types, keys.
		cases.add(Arguments.of("invalid UTF-8", bytes(new byte[] { '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }),
				"application/json", null, KEY, 400, ""));
		cases.add(Arguments.of("a 10 MB body", bytes(("{\"type\":\"custom\",\"properties\":{\"x\":\"" + "x".repeat(10_000_000) + "\"}," + OK + "}")
			.getBytes(StandardCharsets.UTF_8)), "application/json", null, KEY, 413, "larger than"));
		cases.add(Arguments.of("a gzip bomb", bytes(gzip(("{\"type\":\"custom\",\"properties\":{\"x\":\"" + "x".repeat(5_000_000) + "\"}," + OK + "}")
			.getBytes(StandardCharsets.UTF_8))), "application/json", "gzip", KEY, 413, "larger than"));
		cases.add(Arguments.of("says gzip, is not", bytes(("{\"type\":\"click\"," + OK + "}").getBytes(StandardCharsets.UTF_8)),
				"application/json", "gzip", KEY, 400, "not gzip"));
		cases.add(Arguments.of("an unknown encoding", bytes(("{\"type\":\"click\"," + OK + "}").getBytes(StandardCharsets.UTF_8)),
				"application/json", "br", KEY, 415, "not supported"));
		cases.add(Arguments.of("XML", bytes("<event type=\"click\"/>".getBytes(StandardCharsets.UTF_8)), "application/xml", null, KEY,
				415, ""));
		cases.add(Arguments.of("a form post", bytes("type=click&userId=u-1".getBytes(StandardCharsets.UTF_8)),
				"application/x-www-form-urlencoded", null, KEY, 415, ""));
		cases.add(Arguments.of("no write key", bytes(("{\"type\":\"click\"," + OK + "}").getBytes(StandardCharsets.UTF_8)),
				"application/json", null, null, 401, "no write key"));
		cases.add(Arguments.of("a bad write key", bytes(("{\"type\":\"click\"," + OK + "}").getBytes(StandardCharsets.UTF_8)),
				"application/json", null, "' OR 1=1 --", 401, "not one of"));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostile")
	void isRefusedWithAReasonAndNothingIsSent(String name, Body body, String contentType, String encoding, String key,
			int status, String reason) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
		if (encoding != null) {
			request.header("Content-Encoding", encoding);
		}
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).as("the reason").contains(reason);
		if (status != 415) {
			assertThat(response.body()).contains("\"detail\"");
		}
		assertThat(output.receive(50, "onramp.events")).as("nothing reached the broker").isNull();
	}

	@AfterAll
	void stillHealthy() throws Exception {
		HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		HttpResponse<String> valid = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + KEY)
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"click\"," + OK + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(valid.statusCode()).as("a valid event still goes through").isEqualTo(202);
	}

	private static void json(List<Arguments> cases, String name, String body, String reason) {
		cases.add(Arguments.of(name, bytes(body.getBytes(StandardCharsets.UTF_8)), "application/json", null, KEY,
				name.startsWith("a batch over") ? 413 : 400, reason));
	}

	private static Body bytes(byte[] bytes) {
		return new Body(bytes);
	}

	private static byte[] gzip(byte[] plain) {
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
			gzip.write(plain);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return zipped.toByteArray();
	}

	/** A request body, shown by its size in test names. */
	record Body(byte[] bytes) {

		@Override
		public String toString() {
			return bytes.length + " bytes";
		}

	}

}
