package io.onramp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.ConcurrentHistogram;

import io.onramp.capture.CaptureProperties;
import io.onramp.capture.EventCaptureSourceApplication;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.TestServices;

/**
 * The capture API's ingest into Kafka ({@code acks=all}): sustained events per second through the batch
 * endpoint from keep-alive connections sending back to back, then the latency of single events at a
 * fixed 2,000 events per second. The capture source runs as its own JVM against the in-process Kafka
 * broker. Each measurement follows a warm-up under the same load until the capture JVM's CPU per request
 * stops falling ({@link JitWarmup}; at most {@code -Dcapture.warmup} seconds, default 600).
 */
final class CaptureIngest {

	private static final String WRITE_KEY = "wk-benchmark-capture-ingest";

	private CaptureIngest() {
	}

	static void run(List<Integer> batchSizes) throws Exception {
		String topic = TestServices.uniqueName("ingest") + ".events";
		AppProcess capture = start(topic);
		int port = capture.port();
		StringBuilder report = new StringBuilder();
		try {
			String authorization = "Bearer " + WRITE_KEY;
			int workers = 16;
			int maxWarmup = Integer.getInteger("capture.warmup", 600);
			long pid = capture.process().pid();
			for (int batchSize : batchSizes) {
				byte[] batch = batch(batchSize);
				JitWarmup.Result warm = JitWarmup.run("batches of " + batchSize, pid, 30, maxWarmup,
						(offset, seconds) -> HttpLoad.saturate(port, workers, seconds, "/v1/events", authorization, batch, 202));
				int seconds = 15;
				long requests = HttpLoad.saturate(port, workers, seconds, "/v1/events", authorization, batch, 202);
				report.append(String.format("Batch ingest into Kafka (acks=all), %d events per request, %d connections: "
						+ "%,d events in %d s = %,.0f events/s (after %s)%n", batchSize, workers, requests * batchSize,
						seconds, requests * batchSize / (double) seconds, warm.describe()));
			}

			byte[] single = event(0);
			int rate = 2_000;
			JitWarmup.Result warm = JitWarmup.run("single events", pid, 30, maxWarmup, (offset, seconds) -> HttpLoad.send(port,
					rate, seconds, "POST", k -> "/v1/events", k -> authorization, k -> single, 202, null));
			ConcurrentHistogram latency = new ConcurrentHistogram(3);
			HttpLoad.send(port, rate, 10, "POST", k -> "/v1/events", k -> authorization, k -> single, 202, latency);
			report.append(String.format("Single events at %,d/s for 10 s (%,d requests): p50 %.2f ms, p99 %.2f ms, "
					+ "max %.2f ms (after %s)%n", rate, latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
					latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, warm.describe()));
		}
		finally {
			capture.close();
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

	private static AppProcess start(String topic) throws Exception {
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.cloud.stream.kafka.binder.brokers=" + TestServices.kafka().bootstrapServers(),
				"--spring.cloud.stream.bindings.output.destination=" + topic,
				"--onramp.capture.write-keys.benchmark.key-sha256=" + CaptureProperties.WriteKey.hash(WRITE_KEY),
				"--onramp.capture.write-keys.benchmark.events-per-second=10000000", "--onramp.capture.write-keys.benchmark.burst=10000000",
				AppProcess.STREAM_APP_BESIDE_RULES_ADMIN));
		// Settings to try on the capture app (Spring Boot arguments, space-separated): -Dcapture.args="--server.tomcat.threads.max=8"
		for (String extra : System.getProperty("capture.args", "").split(" ")) {
			if (!extra.isBlank()) {
				args.add(extra);
			}
		}
		return AppProcess.start(EventCaptureSourceApplication.class, "1g", args);
	}

}
