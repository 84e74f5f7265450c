package io.onramp.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;


import io.onramp.testsupport.Ports;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's start command as people use it: the sandbox as its own process prints its progress and then
 * its URLs; each printed URL answers; the printed curl's write key posts a {@code device_changed} event and
 * the printed stream token reads the compact experience; every stream app serves Prometheus metrics; the demo
 * users sign in to rules-admin, which lists the starter rules; Ctrl-C (SIGINT) stops it with nothing left
 * listening.
 */
class OnrampSandboxTest {

	private static final Pattern URL = Pattern.compile("(http://[0-9a-z.]+:\\d+)(/[^\\s]*)?");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void startsPrintsWhatAnswersAndStopsOnCtrlC() throws Exception {
		Path workingDirectory = Files.createTempDirectory("onramp-sandbox");
		Process sandbox = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-cp",
				System.getProperty("java.class.path"), OnrampSandbox.class.getName())
			.directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.start();
		List<String> printed = new ArrayList<>();
		try {
			CompletableFuture<Void> up = CompletableFuture.runAsync(() -> readUntilUp(sandbox, printed));
			up.get(4, TimeUnit.MINUTES);
			String output = String.join("\n", printed);
			assertThat(output).contains("[1/6] starting").contains("[6/6] starting rules-admin");

			String demo = url(output, "Demo onboarding");
			String capture = url(output, "Capture API");
			String features = url(output, "Features");
			String rulesAdmin = url(output, "Rules admin");
			assertThat(get(demo, null).statusCode()).isEqualTo(200);
			assertThat(get(rulesAdmin + "/login", null).statusCode()).isEqualTo(200);

			Matcher writeKey = Pattern.compile("Authorization: Bearer (wk_[A-Za-z0-9_-]+)").matcher(output);
			Matcher token = Pattern.compile("Authorization: Bearer (eyJ[A-Za-z0-9_.-]+)").matcher(output);
			assertThat(writeKey.find()).isTrue();
			assertThat(token.find()).isTrue();
			// u-1, whom the printed token is for, may be on a phone from an earlier run: desktop first, then phone,
			// and the experience must be the one the phone event decided.
			String user = "u-1";
			post(capture, writeKey.group(1), user, "desktop");
			String phone = post(capture, writeKey.group(1), user, "mobile");
			String experience = url(output, "Latest experience") + "/v1/users/" + user + "/experience";
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			HttpResponse<String> read = get(experience, "Bearer " + token.group(1));
			while (!read.body().contains(phone) && System.nanoTime() < deadline) {
				Thread.sleep(200);
				read = get(experience, "Bearer " + token.group(1));
			}
			assertThat(read.body()).contains(phone).contains("\"layout\":\"compact\"");
			assertThat(get(features + "/v1/users/" + user + "/features", null).body()).contains("\"device_type\":\"mobile\"");

			// Every stream app serves its metrics for Prometheus (the Helm chart's ServiceMonitor scrapes them).
			for (int port = 8080; port <= 8084; port++) {
				HttpResponse<String> metrics = get("http://localhost:" + port + "/actuator/prometheus", null);
				assertThat(metrics.statusCode()).as("metrics on " + port).isEqualTo(200);
				assertThat(metrics.body()).as("metrics on " + port).contains("jvm_memory_used_bytes");
			}
			assertThat(get("http://localhost:8081/actuator/prometheus", null).body()).contains("onramp_aggregator_late_events_total");

			String basic = "Basic " + Base64.getEncoder().encodeToString(("ed:" + LocalPipeline.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> rules = get(rulesAdmin + "/api/rules", basic);
			assertThat(rules.statusCode()).isEqualTo(200);
			assertThat(rules.body()).contains("\"id\":\"mobile-compact\"").contains("\"liveVersion\":1");
		}
		finally {
			// What Ctrl-C does: SIGINT.
			new ProcessBuilder("kill", "-INT", Long.toString(sandbox.pid())).start().waitFor();
			boolean exited = sandbox.waitFor(60, TimeUnit.SECONDS);
			if (!exited) {
				sandbox.destroyForcibly();
			}
			assertThat(exited).as("the sandbox stops on SIGINT").isTrue();
		}
		assertThat(sandbox.descendants().count()).isZero();
		for (int port : new int[] { 8080, 8081, 8082, 8083, 8084, 8090 }) {
			assertThat(Ports.listening(port)).as("port " + port + " after the stop").isFalse();
		}
	}

	private static void readUntilUp(Process sandbox, List<String> printed) {
		// Not closed here: once the sandbox is up, a daemon thread goes on draining it.
		BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
		try {
			String line;
			boolean up = false;
			while ((line = lines.readLine()) != null) {
				if (line.contains("Onramp sandbox is up")) {
					up = true;
				}
				if (up || line.contains("starting") || line.startsWith("Starting Onramp")) {
					printed.add(line);
					System.out.println("[sandbox] " + line);
				}
				if (up && line.startsWith("Ctrl-C stops it")) {
					// Keep draining the output in the background so the sandbox never blocks on a full pipe, into
					// target/sandbox-output.log for when the stop is what fails.
					Thread drain = new Thread(() -> {
						try (var log = Files.newBufferedWriter(Path.of("target/sandbox-output.log"), StandardCharsets.UTF_8)) {
							for (String next = lines.readLine(); next != null; next = lines.readLine()) {
								log.write(next);
								log.newLine();
								log.flush();
							}
						}
						catch (IOException ex) {
							// the sandbox is gone
						}
					}, "sandbox-output");
					drain.setDaemon(true);
					drain.start();
					return;
				}
			}
			throw new IllegalStateException("The sandbox ended before it was up: " + printed);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Posts a device change as the printed curl does; returns its event id. */
	private String post(String capture, String writeKey, String user, String device) throws Exception {
		String eventId = UUID.randomUUID().toString();
		HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(capture + "/v1/events"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + writeKey)
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"eventId": "%s", "type": "device_changed", "userId": "%s", "occurredAt": "%s", "context": {"device": "%s"}}"""
				.formatted(eventId, user, Instant.now(), device)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
		return eventId;
	}

	/** The first URL on the printed line that starts with {@code label}, without its path. */
	private static String url(String output, String label) {
		String line = output.lines().filter(candidate -> candidate.strip().startsWith(label)).findFirst()
			.orElseThrow(() -> new AssertionError("No '" + label + "' line in: " + output));
		Matcher url = URL.matcher(line);
		assertThat(url.find()).as(line).isTrue();
		return label.equals("Demo onboarding") ? url.group(0) : url.group(1);
	}

	private HttpResponse<String> get(String url, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
