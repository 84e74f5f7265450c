package io.onramp.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import io.onramp.contracts.EventSchema;
import io.onramp.contracts.EventTypes;
import io.onramp.testsupport.HostileInput;

import static io.onramp.testsupport.HostileInput.jsonValue;
import static io.onramp.testsupport.HostileInput.printable;
import static io.onramp.testsupport.HostileInput.theory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Property-based hostile input for the capture API (QuickTheories, shrinking to the smallest failing
 * request): thousands of generated requests - events whose every field is kept, left out or replaced by
 * any JSON value, unknown fields, batches, bodies of arbitrary text - and for each: never a 5xx; a refusal
 * is a 4xx with a reason and sends nothing; an acceptance sends exactly its events, each valid against the
 * event schema. {@link HostilePayloadTest} has the hand-picked cases with their exact answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "onramp.capture.write-keys.web.key-sha256=" + EventCaptureApiTest.WRITE_KEY_SHA256,
				"onramp.capture.write-keys.web.events-per-second=1000000", "onramp.capture.write-keys.web.burst=1000000" })
@Import(TestChannelBinderConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureApiPropertyTest {

	private static final String DESTINATION = "onramp.events";

	/** For {@link #post}: however many events the body holds. */
	private static final int ANY = -1;

	/** The envelope's fields and a valid value of each (for a click); type-specific fields are added by type. */
	private static final Map<String, Object> VALID = validEvent();

	private static final List<String> FIELDS = List.of("eventId", "type", "userId", "sessionId", "occurredAt", "context",
			"properties", "schemaVersion", "anonymousId");

	/** Writes the generated bodies: nulls (Optional.empty()) included, nothing left out. */
	private static final JsonMapper BODIES = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	OutputDestination output;

	private final HttpClient http = HttpClient.newHttpClient();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final HostileInput.Falsification falsification = new HostileInput.Falsification();

	@Test
	void generatedEventsAreEitherRefusedWithAReasonOrSentValid() {
		// Per field: 0-15 keep it valid, 16-17 leave it out, 18-19 replace it with any JSON value.
		Gen<List<Integer>> choices = lists().of(integers().between(0, 19)).ofSize(FIELDS.size());
		Gen<List<Object>> replacements = lists().of(jsonValue()).ofSize(FIELDS.size());
		Gen<String> types = Generate.pick(EventTypes.ALL.stream().sorted().toList()).mix(strings().allPossible().ofLengthBetween(0, 20), 20);
		Gen<Integer> batch = integers().between(0, 4);
		falsification.check(() -> theory().withExamples(1500).withShrinkCycles(100).forAll(choices, replacements, types, batch)
			.checkAssert((choice, replacement, type, size) -> {
				Map<String, Object> event = event(choice, replacement, type);
				Object body = size == 0 ? event : batchOf(event, size);
				post(BODIES.writeValueAsString(body), size == 0 ? 1 : size);
			}));
	}

	@Test
	void arbitraryTextIsRefusedWithAReason() {
		Gen<String> text = strings().allPossible().ofLengthBetween(0, 300)
			.mix(strings().basicLatinAlphabet().ofLengthBetween(0, 300).map(s -> "{" + s + "}"), 30)
			.mix(jsonValue().map(BODIES::writeValueAsString), 30);
		falsification.check(() -> theory().withExamples(1000).withShrinkCycles(100).forAll(text).checkAssert(body -> post(body, ANY)));
	}

	@AfterAll
	void bothWaysWereExercised() {
		// A property whose requests were all refused (or all accepted) would prove little.
		assertThat(accepted.get()).as("requests accepted").isGreaterThan(100);
		assertThat(refused.get()).as("requests refused").isGreaterThan(1000);
		System.out.printf("capture API properties: %,d requests accepted, %,d refused, none answered 5xx%n", accepted.get(),
				refused.get());
	}

	/** Posts the body and checks the answer and what was sent: {@code events} events if accepted ({@link #ANY}: any number). */
	private void post(String body, int events) {
		falsification.example(() -> send(body, events));
	}

	private void send(String body, int events) {
		// What an earlier, falsified example may have left behind.
		while (output.receive(0, DESTINATION) != null) {
		}
		HttpResponse<String> response;
		try {
			response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + EventCaptureApiTest.WRITE_KEY)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new AssertionError("The request failed: " + printable(body), ex);
		}
		int status = response.statusCode();
		String shown = printable(body);
		assertThat(status).as("%s answered %s", shown, response.body()).isLessThan(500);
		if (status == 202) {
			accepted.incrementAndGet();
			List<Message<byte[]>> sent = new ArrayList<>();
			// The API answers 202 only once the binder has taken the events, so they are there already.
			for (Message<byte[]> message = output.receive(200, DESTINATION); message != null; message = output.receive(0, DESTINATION)) {
				sent.add(message);
			}
			if (events != ANY) {
				assertThat(sent).as("the events of %s sent", shown).hasSize(events);
			}
			assertThat(sent).as("what %s sent", shown).isNotEmpty();
			for (Message<byte[]> message : sent) {
				// What a client sends, valid against the event schema, plus the time the API received it.
				ObjectNode event = (ObjectNode) BODIES.readTree(message.getPayload());
				assertThat(Instant.parse(event.remove("receivedAt").asString())).as("received at").isNotNull();
				assertThat(EventSchema.current().validate(event)).as("what reached the stream for %s: %s", shown, event).isEmpty();
			}
		}
		else {
			refused.incrementAndGet();
			assertThat(status).as(shown).isBetween(400, 499);
			assertThat(response.body()).as("the reason for refusing %s", shown).contains("\"detail\"");
			assertThat(output.receive(0, DESTINATION)).as("nothing sent for %s", shown).isNull();
		}
	}

	private static Map<String, Object> event(List<Integer> choice, List<Object> replacement, String type) {
		Map<String, Object> event = new LinkedHashMap<>();
		for (int i = 0; i < FIELDS.size(); i++) {
			String field = FIELDS.get(i);
			Object value = field.equals("type") ? type : valid(field, type);
			if (choice.get(i) >= 18) {
				event.put(field, replacement.get(i));
			}
			else if (choice.get(i) < 16 && value != null) {
				event.put(field, value);
			}
		}
		return event;
	}

	private static Object valid(String field, String type) {
		if (field.equals("properties") && type.equals(EventTypes.STEP_COMPLETED)) {
			return Map.of("step", 2);
		}
		if (field.equals("context") && type.equals(EventTypes.DEVICE_CHANGED)) {
			return Map.of("device", "mobile");
		}
		return VALID.get(field);
	}

	private static List<Object> batchOf(Map<String, Object> event, int size) {
		List<Object> batch = new ArrayList<>();
		batch.add(event);
		for (int i = 1; i < size; i++) {
			batch.add(validEvent());
		}
		return batch;
	}

	private static Map<String, Object> validEvent() {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", EventTypes.CLICK);
		event.put("userId", "u-1");
		event.put("sessionId", "s-1");
		event.put("occurredAt", "2026-11-27T09:00:00Z");
		event.put("context", Map.of("device", "desktop"));
		event.put("properties", Map.of("target", "next"));
		event.put("schemaVersion", 1);
		return event;
	}

}
