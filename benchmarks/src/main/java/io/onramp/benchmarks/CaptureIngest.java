package io.onramp.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.ConcurrentHistogram;

import io.onramp.capture.EventCaptureSourceApplication;
import io.onramp.testsupport.TestServices;

/**
 * The capture API's ingest into Kafka ({@code acks=all}): sustained events per second through the batch
 * endpoint from keep-alive connections sending back to back, then the latency of single events at a
 * fixed 2,000 events per second. The capture source runs as its own JVM against the in-process Kafka
 * broker.
 */
final class CaptureIngest {

	private static final String WRITE_KEY = "wk-benchmark-capture-ingest";

	private CaptureIngest() {
	}

	static void run(List<Integer> batchSizes) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String topic = TestServices.uniqueName("ingest") + ".events";
		Process capture = start(port, topic);
		StringBuilder report = new StringBuilder();
		try {
			String authorization = "Bearer " + WRITE_KEY;
			int workers = 16;
			for (int batchSize : batchSizes) {
				byte[] batch = batch(batchSize);
				HttpLoad.saturate(port, workers, 5, "/v1/events", authorization, batch, 202);
				int seconds = 15;
				long requests = HttpLoad.saturate(port, workers, seconds, "/v1/events", authorization, batch, 202);
				report.append(String.format("Batch ingest into Kafka (acks=all), %d events per request, %d connections: "
						+ "%,d events in %d s = %,.0f events/s%n", batchSize, workers, requests * batchSize, seconds,
						requests * batchSize / (double) seconds));
			}

			byte[] single = event(0);
			int rate = 2_000;
			HttpLoad.send(port, rate, 5, "POST", k -> "/v1/events", k -> authorization, k -> single, 202, null);
			ConcurrentHistogram latency = new ConcurrentHistogram(3);
			HttpLoad.send(port, rate, 10, "POST", k -> "/v1/events", k -> authorization, k -> single, 202, latency);
			report.append(String.format("Single events at %,d/s for 10 s (%,d requests): p50 %.2f ms, p99 %.2f ms, "
					+ "max %.2f ms%n", rate, latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
					latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0));
		}
		finally {
			capture.destroy();
		}
		System.out.println();
		System.out.print(report);
		System.out.println("  targets: at least 20,000 events/s on one instance; p99 under 20 ms at 2,000 events/s");
		System.exit(0);
	}

	private static byte[] batch(int size) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < size; i++) {
			json.append(i == 0 ? "" : ",").append(new String(event(i), StandardCharsets.UTF_8));
		}
		return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] event(int i) {
		String type = i % 4 == 0 ? "click" : "page_view";
		return ("{\"type\":\"" + type + "\",\"userId\":\"user-" + (i % 1000) + "\",\"sessionId\":\"s-" + (i % 1000)
				+ "\",\"occurredAt\":\"" + Instant.parse("2026-11-27T09:00:00Z").plusMillis(i)
				+ "\",\"context\":{\"device\":\"desktop\",\"page\":{\"path\":\"/onboarding/profile\"}}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static Process start(int port, String topic) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
				"-cp", System.getProperty("java.class.path"), EventCaptureSourceApplication.class.getName(),
				"--server.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.cloud.stream.kafka.binder.brokers=" + TestServices.kafka().bootstrapServers(),
				"--spring.cloud.stream.bindings.output.destination=" + topic,
				"--onramp.capture.write-keys[0].application=benchmark",
				"--onramp.capture.write-keys[0].key-sha256=" + sha256(WRITE_KEY),
				"--onramp.capture.write-keys[0].events-per-second=10000000",
				"--onramp.capture.write-keys[0].burst=10000000",
				"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
		Path log = Files.createTempFile("capture-ingest", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The capture source exited: " + Files.readString(log));
			}
			try {
				HttpResponse<Void> health = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (health.statusCode() == 200) {
					return process;
				}
			}
			catch (IOException notYet) {
				// starting
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The capture source did not start within 120 s: " + Files.readString(log));
	}

	private static String sha256(String text) throws Exception {
		return java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
