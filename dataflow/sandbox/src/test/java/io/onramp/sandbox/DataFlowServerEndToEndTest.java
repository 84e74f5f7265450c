package io.onramp.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import io.onramp.testsupport.Ports;
import io.onramp.capture.CaptureProperties;
import io.onramp.contracts.OnrampJson;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform team's path on a real Data Flow: the Data Flow 2.7.0 and Skipper 2.6.0 servers from Maven
 * Central run here (Java 17, with the {@code --add-opens} they need), {@code dataflow/deploy.sh} registers
 * the built apps by {@code file://} URI, creates the streams and the nightly task from the DSL files and
 * deploys the streams; an event posted to the capture API becomes an experience in Redis; {@code
 * dataflow/undeploy.sh} takes everything down and no app is left running. Once on Kafka, then on RabbitMQ:
 * only deploy.sh's broker argument (and the broker's address) differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataFlowServerEndToEndTest {

	private static final Path DATAFLOW = Path.of("").toAbsolutePath().getParent();

	private static final Path SERVERS = Path.of("target/dataflow-servers").toAbsolutePath();

	/** Six apps and two servers start on two cores: 4-5 min on a usual day. */
	private static final Duration DEPLOYED_WITHIN = Duration.ofMinutes(8);

	private static final String WRITE_KEY = "dataflow-e2e-write-key";

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Process> servers = new ArrayList<>();

	private String dataflowUrl;

	private String lastOutput = "";

	private String skipperUrl;

	@BeforeAll
	void startServers() throws Exception {
		int skipper = Ports.free();
		int dataflow = Ports.free();
		// The local deployer picks each app's port when it launches it and the app binds it seconds later; from
		// below Linux's ephemeral range (32768 and up), a port cannot be taken meanwhile by one of the many
		// outgoing connections of the apps and brokers (it was once: "Port 40916 was already in use").
		servers.add(server("skipper-server.jar", "--server.port=" + skipper,
				"--spring.cloud.skipper.server.platform.local.accounts.default.port-range.low=20000",
				"--spring.cloud.skipper.server.platform.local.accounts.default.port-range.high=32000"));
		servers.add(server("dataflow-server.jar", "--server.port=" + dataflow,
				"--spring.cloud.skipper.client.serverUri=http://localhost:" + skipper + "/api"));
		dataflowUrl = "http://localhost:" + dataflow;
		skipperUrl = "http://localhost:" + skipper;
		await("Data Flow and Skipper answer", Duration.ofMinutes(3), () -> status(dataflowUrl + "/about") == 200
				&& status("http://localhost:" + skipper + "/api/about") == 200);
	}

	@AfterAll
	void stopServers() {
		for (Process server : servers) {
			server.descendants().forEach(ProcessHandle::destroy);
			server.destroy();
		}
	}

	@Test
	void deploysOnKafkaThenOnRabbitmqByDeploymentPropertiesAlone() throws Exception {
		deployAndUse("kafka", Map.of("KAFKA_BROKERS", TestServices.kafka().bootstrapServers()));
		Endpoints.Rabbit rabbit = TestServices.rabbit();
		deployAndUse("rabbit", Map.of("RABBITMQ_HOST", rabbit.host(), "RABBITMQ_USERNAME", rabbit.username(), "RABBITMQ_PASSWORD",
				rabbit.password()));
	}

	private void deployAndUse(String broker, Map<String, String> brokerEnvironment) throws Exception {
		String namespace = TestServices.uniqueName("dataflow_" + broker);
		int capturePort = Ports.free();
		int sinkPort = Ports.free();
		Endpoints.Redis redis = TestServices.redis();
		Endpoints.Postgres postgres = TestServices.postgres();
		String historyUrl = postgres.createSchema(namespace);
		// What this machine's services and ports are; everything else comes from dataflow/deploy/.
		Path extra = Files.createTempFile("onramp-dataflow-", ".properties");
		List<String> lines = new ArrayList<>(List.of("app.event-capture.server.port=" + capturePort,
				"app.experience-sink.server.port=" + sinkPort,
				"app.feature-aggregator.spring.datasource.url=" + historyUrl,
				"app.feature-aggregator.spring.datasource.username=" + postgres.username(),
				"app.feature-aggregator.spring.datasource.password=" + postgres.password(),
				"deployer.*.local.javaOpts=-Xmx384m -XX:TieredStopAtLevel=1"));
		for (String app : List.of("feature-aggregator", "trigger-evaluator", "experience-sink")) {
			lines.add("app." + app + ".spring.data.redis.host=" + redis.host());
			lines.add("app." + app + ".spring.data.redis.port=" + redis.port());
			lines.add("app." + app + ".onramp.stream.redis-key-prefix=" + namespace);
		}
		Files.write(extra, lines);
		Path lake = Files.createTempDirectory("onramp-dataflow-lake");

		Map<String, String> environment = new HashMap<>(brokerEnvironment);
		environment.putAll(Map.of("DATAFLOW_URL", dataflowUrl, "ONRAMP_EXTRA_PROPERTIES", extra.toString(), "ONRAMP_APPLICATION", "e2e",
				"ONRAMP_WRITE_KEY_SHA256", CaptureProperties.WriteKey.hash(WRITE_KEY), "ONRAMP_ORIGIN", "http://localhost:" + sinkPort,
				"ONRAMP_STREAM_TOKEN_SECRET", "an-end-to-end-secret-of-at-least-32-bytes", "ONRAMP_ERASURE_TOKEN", "e2e",
				"ONRAMP_LAKE_DIRECTORY", lake.toString()));
		assertThat(script(environment, "deploy.sh", "local", broker, "file")).as("deploy.sh on " + broker).isZero();
		try {
			await("both streams deployed on " + broker, DEPLOYED_WITHIN,
					() -> "deployed".equals(streamStatus("onramp")) && "deployed".equals(streamStatus("onramp-lake")),
					this::deployment);
			JsonNode apps = json(dataflowUrl + "/runtime/apps");
			assertThat(apps.toString()).contains("onramp.feature-aggregator").contains("onramp-lake.event-lake-sink");

			String user = "u-" + broker;
			HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + capturePort + "/v1/events"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + WRITE_KEY)
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"type": "device_changed", "userId": "%s", "occurredAt": "%s", "context": {"device": "mobile"}}"""
					.formatted(user, Instant.now())))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
			String experienceKey = namespace + ":{" + user + "}:experience";
			try (RedisTestClient client = new RedisTestClient()) {
				await("the experience of " + user + " in Redis", Duration.ofSeconds(90), () -> {
					String experience = client.template().opsForValue().get(experienceKey);
					return experience != null && experience.contains("\"layout\":\"compact\"");
				});
				client.deletePrefix(namespace);
			}
			if (broker.equals("kafka")) {
				// Running deploy.sh again (what the Helm chart's Job does on helm upgrade) keeps the definitions and
				// leaves streams deployed with the same properties alone...
				assertThat(script(environment, "deploy.sh", "local", broker, "file")).as("deploy.sh again").isZero();
				assertThat(lastOutput).contains("Keeping stream onramp", "Stream onramp is deployed with these properties already",
						"Stream onramp-lake is deployed with these properties already").doesNotContain("another definition");
				// ...and upgrades (Skipper) the stream whose properties changed, here the lake's.
				Files.writeString(extra, "app.event-lake-sink.onramp.lake.roll-events=1000\n", java.nio.file.StandardOpenOption.APPEND);
				assertThat(script(environment, "deploy.sh", "local", broker, "file")).as("deploy.sh with a changed property").isZero();
				assertThat(lastOutput).contains("Stream onramp is deployed with these properties already", "Updating stream onramp-lake");
				// Skipper deploys the new version, waits until it is healthy, then deletes the old release.
				await("the lake stream upgraded", DEPLOYED_WITHIN,
						() -> text(skipperUrl + "/api/release/status/onramp-lake/1").contains("DELETED")
								&& text(dataflowUrl + "/streams/deployments/onramp-lake").contains("roll-events"));
				assertThat(streamStatus("onramp")).isEqualTo("deployed");
			}
		}
		finally {
			assertThat(script(environment, "undeploy.sh")).as("undeploy.sh").isZero();
		}
		await("no app left running on " + broker, Duration.ofMinutes(2),
				() -> !json(dataflowUrl + "/runtime/apps").toString().contains("onramp") && !Ports.listening(capturePort)
						&& !Ports.listening(sinkPort));
		postgres.dropSchema(namespace);
	}

	private Process server(String jar, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx768m",
				"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED", "-jar",
				SERVERS.resolve(jar).toString(), "--spring.cloud.config.enabled=false"));
		command.addAll(List.of(args));
		Path log = SERVERS.resolve(jar.replace(".jar", ".log"));
		return new ProcessBuilder(command).directory(SERVERS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private int script(Map<String, String> environment, String name, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", DATAFLOW.resolve(name).toString()));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("onramp-" + name, ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		int exit = builder.start().waitFor();
		// Through System.out, which the test runner captures (a child writing to the native stream would not be).
		lastOutput = Files.readString(output);
		lastOutput.lines().forEach(line -> System.out.println("[" + name + "] " + line));
		return exit;
	}

	private String streamStatus(String name) throws Exception {
		return json(dataflowUrl + "/streams/definitions/" + name).path("status").asString();
	}

	private String text(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private JsonNode json(String url) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		return OnrampJson.mapper().readTree(response.body());
	}

	private int status(String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException | InterruptedException notYet) {
			return 0;
		}
	}

	private static void await(String what, Duration within, Check check) throws Exception {
		await(what, within, check, () -> "");
	}

	/** Waits for the check; if it does not hold in time, fails saying what was seen instead. */
	private static void await(String what, Duration within, Check check, Callable<String> seen) throws Exception {
		long deadline = System.nanoTime() + within.toNanos();
		while (!check.holds()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not within " + within + ": " + what + seen.call());
			}
			Thread.sleep(1_000);
		}
	}

	/**
	 * The streams' statuses, every app instance's state as Data Flow reports it, and the end of the log of
	 * each instance that is not deployed (the local deployer's {@code stdout}/{@code stderr} files).
	 */
	private String deployment() throws Exception {
		StringBuilder seen = new StringBuilder("\nstreams: onramp ").append(streamStatus("onramp"))
			.append(", onramp-lake ").append(streamStatus("onramp-lake"));
		for (JsonNode app : json(dataflowUrl + "/runtime/apps?size=100").path("_embedded").path("appStatusResourceList")) {
			seen.append("\n").append(app.path("deploymentId").asString("")).append(": ").append(app.path("state").asString(""));
			for (JsonNode instance : app.path("instances").path("_embedded").path("appInstanceStatusResourceList")) {
				String state = instance.path("state").asString("");
				seen.append("\n  ").append(instance.path("instanceId").asString("")).append(": ").append(state);
				if (!"deployed".equals(state)) {
					for (String stream : List.of("stdout", "stderr")) {
						Path log = Path.of(instance.path("attributes").path(stream).asString(""));
						if (!log.toString().isEmpty() && Files.isRegularFile(log)) {
							List<String> lines = Files.readAllLines(log);
							seen.append("\n    ").append(stream).append(" ").append(log).append(", last lines:");
							lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(line -> seen.append("\n      ").append(line));
						}
					}
				}
			}
		}
		return seen.toString();
	}

	@FunctionalInterface
	private interface Check {

		boolean holds() throws Exception;

	}

}
