package io.onramp.lake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.StreamAppArgs;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake sink as its own process on a real broker (Kafka, then RabbitMQ): events it holds in an open file
 * are not acknowledged, so when it is killed with SIGKILL they come again to the next instance, and every
 * event ends up in the lake exactly once; a record that is not an event goes to the rejected destination.
 */
class EventLakeSinkAppTest {

	private static final Pattern BUFFERED = Pattern.compile("(?m)^onramp_lake_buffered_events(?:\\{[^}]*})? ([0-9.E]+)$");

	@TempDir
	Path work;

	private final List<AppProcess> apps = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void stopApps() {
		apps.forEach(app -> app.process().destroyForcibly());
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "rabbit" })
	void whatIsNotInAClosedFileIsDeliveredAgainAfterACrash(String binder) throws Exception {
		String namespace = TestServices.uniqueName("lake_" + binder);
		String input = namespace + ".events";
		String rejected = namespace + ".rejected";
		Path lake = work.resolve("lake");
		try (BrokerClient broker = BrokerClient.of(binder)) {
			broker.prepareGroup(input, "event-lake-sink");
			try (BrokerClient.Subscription rejects = broker.subscribe(rejected)) {
				AppProcess first = start(binder, input, rejected, lake, "1h");
				List<BrokerClient.Keyed> records = new ArrayList<>(events(0, 40));
				records.add(new BrokerClient.Keyed("u-1", "not an event".getBytes(StandardCharsets.UTF_8)));
				broker.send(input, records);

				Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> buffered(first) == 40);
				assertThat(new String(rejects.take(1, Duration.ofSeconds(20)).get(0), StandardCharsets.UTF_8))
					.isEqualTo("not an event");
				assertThat(LakeFiles.parquetFiles(lake)).as("nothing rolled within the hour").isEmpty();
				first.kill();

				AppProcess second = start(binder, input, rejected, lake, "500ms");
				broker.send(input, events(40, 80));
				Awaitility.await().atMost(90, TimeUnit.SECONDS).until(() -> !LakeFiles.parquetFiles(lake).isEmpty()
						&& LakeFiles.rows(lake).size() >= 80);
				List<Map<String, Object>> rows = LakeFiles.rows(lake);
				assertThat(rows).extracting(row -> row.get("event_id")).doesNotHaveDuplicates().hasSize(80);
				assertThat(rows.get(0)).containsEntry("event_id", "e-000").containsEntry("user_id", "u-0")
					.containsEntry("dt", "2026-11-27").containsEntry("hour", 9);
				assertThat(buffered(second)).isZero();
				System.out.printf("[onramp-lake] %s: 40 events buffered at the kill; after the restart %d events in %d files%n",
						binder, rows.size(), LakeFiles.parquetFiles(lake).size());

				// Stopped properly, the second instance has acknowledged everything: a third one gets nothing again.
				second.close();
				assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
				start(binder, input, rejected, lake, "500ms");
				broker.send(input, events(80, 81));
				Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> LakeFiles.rows(lake).size() >= 81);
				Thread.sleep(2_000);
				assertThat(LakeFiles.rows(lake)).extracting(row -> row.get("event_id")).doesNotHaveDuplicates().hasSize(81);
			}
			finally {
				broker.deleteGroup(input, "event-lake-sink");
			}
		}
	}

	private AppProcess start(String binder, String input, String rejected, Path lake, String rollInterval) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				AppProcess.WITHOUT_DATABASE, "--spring.cloud.stream.bindings.input.destination=" + input,
				"--spring.cloud.stream.bindings.rejected.destination=" + rejected, "--onramp.lake.directory=" + lake,
				"--onramp.lake.roll-interval=" + rollInterval));
		args.addAll(StreamAppArgs.broker(binder));
		if ("kafka".equals(binder)) {
			// The restarted instance gets the partitions once the killed one's session has timed out.
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000");
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000");
		}
		AppProcess app = AppProcess.start(EventLakeSinkApplication.class, "256m", args);
		apps.add(app);
		return app;
	}

	private double buffered(AppProcess app) throws Exception {
		String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Matcher matcher = BUFFERED.matcher(metrics);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
	}

	private static List<BrokerClient.Keyed> events(int from, int to) {
		List<BrokerClient.Keyed> events = new ArrayList<>();
		for (int i = from; i < to; i++) {
			Instant at = Instant.parse("2026-11-27T09:00:00Z").plusSeconds(i);
			Event event = new Event("e-%03d".formatted(i), "page_view", "u-" + (i % 5), null, "s-1", at, at.plusMillis(20), null,
					Map.of("path", "/onboarding/" + i), 1);
			events.add(new BrokerClient.Keyed(event.partitionKey(), OnrampJson.mapper().writeValueAsBytes(event)));
		}
		return events;
	}

}
