package io.onramp.helm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.dataflow.core.dsl.AppNode;
import org.springframework.cloud.dataflow.core.dsl.StreamNode;
import org.springframework.cloud.dataflow.core.dsl.StreamParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart as helm sees it (helm-java runs helm lint and helm template here): lint is clean; the kafka
 * and rabbit variants render into valid Kubernetes objects (read with the fabric8 model); every workload
 * has probes, resources and a restrictive security context; no secret is a plain value; contradicting
 * values fail with the reason; and the stream apps are wired exactly as {@code dataflow/streams/*.dsl}
 * say, read with Data Flow's own parser.
 */
class HelmChartTest {

	private static final Path CHART = Path.of("onramp").toAbsolutePath();

	private static final Path DATAFLOW = Path.of("").toAbsolutePath().getParent().resolve("dataflow");

	private static final Path STREAMS = DATAFLOW.resolve("streams");

	@Test
	void lintIsClean() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void bothBrokersRenderIntoValidObjectsWithProductionHabits() {
		for (String broker : List.of("kafka", "rabbit")) {
			List<HasMetadata> objects = render(broker);
			assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "CronJob");
			List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
			assertThat(deployments).extracting(deployment -> deployment.getMetadata().getName())
				.containsExactlyInAnyOrder("onramp-event-capture", "onramp-feature-aggregator", "onramp-trigger-evaluator",
						"onramp-experience-sink", "onramp-event-lake-sink", "onramp-rules-admin");
			for (Deployment deployment : deployments) {
				PodSpec pod = deployment.getSpec().getTemplate().getSpec();
				assertRestrictive(deployment.getMetadata().getName(), pod);
				for (Container container : pod.getContainers()) {
					assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
					assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
					assertThat(env(container)).containsKey("JAVA_TOOL_OPTIONS");
					if (!deployment.getMetadata().getName().endsWith("rules-admin")) {
						assertThat(env(container)).containsEntry("SPRING_CLOUD_STREAM_DEFAULTBINDER", broker);
					}
				}
			}
			List<String> apps = deployments.stream().map(deployment -> deployment.getMetadata().getName()).toList();
			assertThat(names(objects, "PodDisruptionBudget")).as("a disruption budget per app").containsExactlyInAnyOrderElementsOf(apps);
			assertThat(names(objects, "NetworkPolicy")).as("a network policy per app").containsExactlyInAnyOrderElementsOf(apps);
			assertThat(names(objects, "HorizontalPodAutoscaler")).containsExactlyInAnyOrder("onramp-event-capture", "onramp-experience-sink");
			deployments.stream()
				.filter(deployment -> names(objects, "HorizontalPodAutoscaler").contains(deployment.getMetadata().getName()))
				.forEach(deployment -> assertThat(deployment.getSpec().getReplicas()).as("the autoscaler sets the replicas").isNull());
			CronJob nightly = objects.stream().filter(CronJob.class::isInstance).map(CronJob.class::cast).findFirst().orElseThrow();
			assertRestrictive("the nightly CronJob", nightly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
			assertThat(nightly.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
			assertThat(nightly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
				.containsExactly("--job=nightly");
		}
	}

	@Test
	void metricsAreScrapedFromEveryStreamAppAndTheDashboardReadsMetricsTheAppsHave() throws IOException {
		String deployments = template().set("metrics.serviceMonitor.enabled", true).set("metrics.dashboard.enabled", true).call();
		List<HasMetadata> objects = read(deployments);
		assertThat(names(objects, "ServiceMonitor")).containsExactlyInAnyOrder("onramp-event-capture", "onramp-feature-aggregator",
				"onramp-trigger-evaluator", "onramp-experience-sink", "onramp-event-lake-sink");
		assertThat(deployments).contains("path: /actuator/prometheus");
		io.fabric8.kubernetes.api.model.ConfigMap dashboard = objects.stream()
			.filter(io.fabric8.kubernetes.api.model.ConfigMap.class::isInstance)
			.map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		String json = dashboard.getData().get("onramp-pipeline.json");
		JsonNode panels = new ObjectMapper().readTree(json).get("panels");
		assertThat(panels.size()).isGreaterThanOrEqualTo(5);
		// The Onramp meters the dashboard reads are meters the apps register (Micrometer's Prometheus names).
		Set<String> meters = Set.of("onramp_capture_events_accepted_total", "onramp_capture_requests_rejected_total",
				"onramp_aggregator_late_events_total", "onramp_aggregator_rejected_records_total",
				"onramp_evaluator_rejected_records_total", "onramp_sink_rejected_records_total", "onramp_lake_rejected_records_total",
				"onramp_lake_events_written_total", "onramp_lake_buffered_events", "onramp_lake_write_failures_total");
		Matcher used = Pattern.compile("onramp_[a-z_]+").matcher(json);
		while (used.find()) {
			assertThat(meters).as("a meter the dashboard reads").contains(used.group());
		}
		assertThat(template().call()).as("off by default").doesNotContain("ServiceMonitor").doesNotContain("grafana_dashboard");
	}

	@Test
	void noSecretIsAPlainValue() throws IOException {
		for (String broker : List.of("kafka", "rabbit")) {
			List<HasMetadata> objects = new ArrayList<>(render(broker));
			objects.addAll(read(withHooks().set("broker", broker).set("rabbitmq.existingSecret", "onramp-rabbitmq")
				.set("dataflow.enabled", true).call()));
			objects.addAll(read(withHooks().set("broker", broker).set("bundled.enabled", true).call()));
			for (HasMetadata object : objects) {
				for (Container container : containers(object)) {
					for (EnvVar variable : container.getEnv()) {
						if (variable.getName().matches(".*(PASSWORD|SECRET|TOKEN|KEYSHA256).*")) {
							// Either a Secret reference or deliberately empty (the Data Flow Job's unused placeholders).
							String what = object.getMetadata().getName() + " " + variable.getName();
							if (variable.getValue() != null) {
								assertThat(variable.getValue()).as(what).isEmpty();
							}
							else {
								assertThat(variable.getValueFrom().getSecretKeyRef()).as(what).isNotNull();
							}
						}
					}
				}
			}
		}
	}

	@Test
	void contradictingValuesFailWithTheReason() {
		// values.schema.json refuses an unknown broker before any template runs; the templates' own checks
		// refuse what a schema cannot say.
		assertThatThrownBy(() -> template().set("broker", "redis").call()).hasMessageContaining("/broker")
			.hasMessageContaining("'kafka', 'rabbit'");
		assertThatThrownBy(() -> template().set("broker", "rabbit").call()).hasMessageContaining("rabbitmq.existingSecret");
		assertThatThrownBy(() -> template().set("dataflow.enabled", true).set("dataflow.serverUri", "scdf:9393").call())
			.hasMessageContaining("/dataflow/serverUri");
		assertThatThrownBy(() -> template().set("secrets.existingSecret", "").call()).hasMessageContaining("secrets.existingSecret is required");
		assertThatThrownBy(() -> template().set("autoscaling.minReplicas", 9).call())
			.hasMessageContaining("autoscaling.minReplicas (9) is above autoscaling.maxReplicas (8)");
	}

	@Test
	void theStreamAppsAreWiredAsTheDataFlowDefinitionsSay() throws IOException {
		Map<String, Map<String, String>> expected = new LinkedHashMap<>();
		StreamNode main = parse("onramp");
		List<AppNode> apps = main.getAppNodes();
		for (int i = 0; i < apps.size(); i++) {
			Map<String, String> wiring = new LinkedHashMap<>();
			if (i > 0) {
				wiring.put("SPRING_CLOUD_STREAM_BINDINGS_INPUT_DESTINATION", "onramp." + apps.get(i - 1).getName());
				wiring.put("SPRING_CLOUD_STREAM_BINDINGS_INPUT_GROUP", "onramp");
			}
			if (i < apps.size() - 1) {
				wiring.put("SPRING_CLOUD_STREAM_BINDINGS_OUTPUT_DESTINATION", "onramp." + apps.get(i).getName());
			}
			expected.put(apps.get(i).getName(), wiring);
		}
		StreamNode tap = parse("onramp-lake");
		expected.put(tap.getAppNodes().get(0).getName(), Map.of("SPRING_CLOUD_STREAM_BINDINGS_INPUT_DESTINATION",
				tap.getSourceDestinationNode().getDestinationName(), "SPRING_CLOUD_STREAM_BINDINGS_INPUT_GROUP", "onramp-lake"));

		Map<String, Map<String, String>> deployed = new LinkedHashMap<>();
		for (HasMetadata object : render("kafka")) {
			if (object instanceof Deployment deployment && !deployment.getMetadata().getName().endsWith("rules-admin")) {
				Map<String, String> wiring = env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)).entrySet()
					.stream()
					.filter(variable -> variable.getKey().startsWith("SPRING_CLOUD_STREAM_BINDINGS_"))
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
				deployed.put(deployment.getMetadata().getName().replaceFirst("^onramp-", ""), wiring);
			}
		}
		assertThat(deployed).isEqualTo(expected);
	}

	@Test
	void bundledServicesRunNonRootWithGeneratedPasswordsAndTheAppsUseThem() throws IOException {
		for (String broker : List.of("kafka", "rabbit")) {
			// No existingSecret needed: the bundled services' passwords are generated.
			List<HasMetadata> objects = read(withHooks().set("broker", broker).set("bundled.enabled", true)
				.set("postgresql.existingSecret", "").call());
			String brokerService = broker.equals("kafka") ? "onramp-kafka" : "onramp-rabbitmq";
			assertThat(names(objects, "StatefulSet")).containsExactlyInAnyOrder(brokerService, "onramp-redis", "onramp-postgresql");
			assertThat(names(objects, "Service")).contains(brokerService, "onramp-redis", "onramp-postgresql");
			assertThat(names(objects, "NetworkPolicy")).as("only the release's pods reach them")
				.contains(brokerService, "onramp-redis", "onramp-postgresql");
			for (HasMetadata object : objects) {
				if (object instanceof StatefulSet set) {
					PodSpec pod = set.getSpec().getTemplate().getSpec();
					assertRestrictive(set.getMetadata().getName(), pod);
					assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's own non-root user").isPositive();
					Container container = pod.getContainers().get(0);
					assertThat(container.getLivenessProbe()).as(set.getMetadata().getName()).isNotNull();
					assertThat(container.getReadinessProbe()).as(set.getMetadata().getName()).isNotNull();
					assertThat(set.getSpec().getVolumeClaimTemplates()).hasSize(1);
				}
			}
			io.fabric8.kubernetes.api.model.Secret generated = objects.stream()
				.filter(io.fabric8.kubernetes.api.model.Secret.class::isInstance)
				.map(io.fabric8.kubernetes.api.model.Secret.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(generated.getMetadata().getName()).isEqualTo("onramp-bundled");
			assertThat(Files.readString(CHART.resolve("templates/bundled.yaml"))).as("generated once, at install, and kept")
				.contains("helm.sh/hook: pre-install").contains("helm.sh/resource-policy: keep");
			assertThat(generated.getData()).containsOnlyKeys("password", "redis-password", "rabbitmq-password");
			assertThat(generated.getData().values()).allSatisfy(password -> assertThat(java.util.Base64.getDecoder().decode(password)).hasSize(32));

			Deployment aggregator = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
				.filter(deployment -> deployment.getMetadata().getName().equals("onramp-feature-aggregator")).findFirst().orElseThrow();
			Container container = aggregator.getSpec().getTemplate().getSpec().getContainers().get(0);
			Map<String, String> env = env(container);
			assertThat(env).containsEntry("SPRING_DATA_REDIS_HOST", "onramp-redis")
				.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://onramp-postgresql:5432/onramp");
			if (broker.equals("kafka")) {
				assertThat(env).containsEntry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", "onramp-kafka:9092");
			}
			else {
				assertThat(env).containsEntry("SPRING_RABBITMQ_HOST", "onramp-rabbitmq").containsEntry("SPRING_RABBITMQ_USERNAME", "onramp");
			}
			assertThat(container.getEnv()).filteredOn(variable -> variable.getName().endsWith("PASSWORD"))
				.allSatisfy(variable -> assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("onramp-bundled"));
		}
		assertThat(template().call()).as("off by default").doesNotContain("kind: StatefulSet");
	}

	@Test
	void dataFlowModeLeavesTheStreamAppsToDataFlowAndPacksTheDataflowFilesAsTheyAre() throws IOException {
		for (String broker : List.of("kafka", "rabbit")) {
			List<HasMetadata> objects = read(withHooks().set("broker", broker)
				.set("rabbitmq.existingSecret", "onramp-rabbitmq")
				.set("dataflow.enabled", true)
				.call());
			assertThat(names(objects, "Deployment")).as("only rules-admin: Data Flow runs the stream apps").containsExactly("onramp-rules-admin");
			assertThat(names(objects, "HorizontalPodAutoscaler")).isEmpty();
			assertThat(names(objects, "PodDisruptionBudget")).containsExactly("onramp-rules-admin");
			assertThat(names(objects, "CronJob")).containsExactly("onramp-nightly");
			Job job = only(objects, Job.class);
			assertThat(Files.readString(CHART.resolve("templates/dataflow-deploy.yaml")))
				.contains("helm.sh/hook: post-install,post-upgrade");
			PodSpec pod = job.getSpec().getTemplate().getSpec();
			assertRestrictive("the Data Flow deploy Job", pod);
			assertThat(pod.getContainers().get(0).getCommand()).containsExactly("bash", "/onramp/dataflow/deploy.sh", "kubernetes", broker, "docker");
			// The DSL, property files and script in the chart are dataflow/'s, byte for byte.
			ConfigMap files = only(objects, ConfigMap.class);
			Map<String, String> packed = new LinkedHashMap<>();
			pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null).flatMap(volume -> volume.getConfigMap().getItems().stream())
				.forEach(item -> packed.put(item.getPath(), files.getData().get(item.getKey())));
			List<String> originals;
			try (var walk = Files.walk(DATAFLOW)) {
				originals = walk.filter(Files::isRegularFile)
					.map(file -> DATAFLOW.relativize(file).toString())
					.filter(path -> path.equals("deploy.sh") || path.matches("(streams|tasks|apps|deploy)/[^/]+"))
					.toList();
			}
			assertThat(originals).contains("streams/onramp.dsl", "streams/onramp-lake.dsl", "tasks/onramp-nightly.dsl");
			for (String path : originals) {
				assertThat(packed.get(path)).as(path).isEqualTo(Files.readString(DATAFLOW.resolve(path)).stripTrailing());
			}
			assertThat(packed).containsKey("chart.properties");
			io.fabric8.kubernetes.api.model.Pod test = only(objects, io.fabric8.kubernetes.api.model.Pod.class);
			assertThat(test.getSpec().getContainers().get(0).getArgs().get(0)).contains("http://scdf-server/streams/definitions/onramp")
				.contains("rules-admin/actuator/health/readiness");
		}
		// The helm test pod of the chart's own mode reaches every app it runs.
		io.fabric8.kubernetes.api.model.Pod test = only(read(withHooks().call()), io.fabric8.kubernetes.api.model.Pod.class);
		assertRestrictive("the helm test pod", test.getSpec());
		assertThat(test.getSpec().getContainers().get(0).getArgs().get(0)).contains("onramp-event-capture/actuator/health/readiness")
			.contains("onramp-experience-sink/actuator/health/readiness")
			.doesNotContain("scdf-server");
	}

	@Test
	void theDataFlowJobRegistersTheImagesDeploysWithSecretReferencesAndUpdatesOnUpgrade() throws Exception {
		List<HasMetadata> objects = read(withHooks().set("dataflow.enabled", true).set("redis.existingSecret", "onramp-redis").call());
		Job job = only(objects, Job.class);
		ConfigMap files = only(objects, ConfigMap.class);
		Path root = Files.createTempDirectory("onramp-dataflow-job");
		PodSpec pod = job.getSpec().getTemplate().getSpec();
		for (var item : pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null).findFirst().orElseThrow()
			.getConfigMap().getItems()) {
			Path file = root.resolve(item.getPath());
			Files.createDirectories(file.getParent());
			Files.writeString(file, files.getData().get(item.getKey()) + "\n");
		}
		try (FakeDataFlow dataflow = new FakeDataFlow()) {
			Container container = pod.getContainers().get(0);
			Map<String, String> environment = env(container);
			environment.put("DATAFLOW_URL", dataflow.url());
			environment.put("ONRAMP_EXTRA_PROPERTIES", root.resolve("chart.properties").toString());
			List<String> command = new ArrayList<>(container.getCommand());
			command.set(1, root.resolve("deploy.sh").toString());

			assertThat(run(command, environment)).startsWith("exit 0");
			String registered = dataflow.form("POST /apps");
			for (String image : List.of("event-capture-source", "feature-aggregator", "trigger-evaluator", "experience-sink", "event-lake-sink", "batch-jobs")) {
				assertThat(registered).contains("docker:ghcr.io/onramp/" + image + ":0.1.0-SNAPSHOT");
			}
			assertThat(dataflow.form("POST /streams/definitions")).contains("definition=event-capture | feature-aggregator | trigger-evaluator | experience-sink");
			assertThat(dataflow.form("POST /tasks/definitions")).contains("name=onramp-nightly");
			JsonNode deployed = new ObjectMapper().readTree(dataflow.body("POST /streams/deployments/onramp"));
			assertThat(deployed.get("app.*.spring.cloud.stream.kafka.binder.brokers").asText()).isEqualTo("kafka:9092");
			assertThat(deployed.get("app.feature-aggregator.spring.data.redis.host").asText()).isEqualTo("redis-master");
			assertThat(deployed.get("app.feature-aggregator.spring.datasource.url").asText()).isEqualTo("jdbc:postgresql://postgresql:5432/onramp");
			assertThat(deployed.get("deployer.feature-aggregator.kubernetes.secretKeyRefs").asText())
				.contains("{envVarName: 'SPRING_DATASOURCE_PASSWORD', secretName: 'onramp-postgresql', dataKey: 'password'}")
				.contains("{envVarName: 'ONRAMP_AGGREGATOR_ERASURETOKEN', secretName: 'onramp-secrets', dataKey: 'erasure-token'}")
				.contains("{envVarName: 'SPRING_DATA_REDIS_PASSWORD', secretName: 'onramp-redis', dataKey: 'redis-password'}");
			assertThat(deployed.get("deployer.event-capture.kubernetes.secretKeyRefs").asText()).contains("ONRAMP_CAPTURE_WRITEKEYS_WEB_KEYSHA256");
			assertThat(deployed.get("deployer.experience-sink.kubernetes.secretKeyRefs").asText()).contains("'stream-token-secret'");
			fields(deployed).forEach(name -> assertThat(name).as("no credential is a deployment property")
				.doesNotContainIgnoringCase("password").doesNotContain("token").doesNotContain("key-sha256"));
			assertThat(fields(new ObjectMapper().readTree(dataflow.body("POST /streams/deployments/onramp-lake"))))
				.as("the tap gets only its own app's properties")
				.allMatch(name -> name.startsWith("app.*.") || name.startsWith("deployer.*.") || name.contains("event-lake-sink"));

			// helm upgrade runs the Job again: definitions are kept, streams deployed with the same properties are
			// left alone (Skipper refuses an upgrade without a difference)...
			dataflow.reset(true);
			assertThat(run(command, environment)).startsWith("exit 0").contains("Keeping stream onramp")
				.contains("Stream onramp is deployed with these properties already").doesNotContain("another definition");
			assertThat(dataflow.requests()).allMatch(request -> request.startsWith("GET ") || request.equals("POST /apps"));
			// ...and streams whose properties changed are upgraded.
			dataflow.reset(true);
			Files.writeString(root.resolve("chart.properties"), Files.readString(root.resolve("chart.properties"))
				.replace("brokers=kafka:9092", "brokers=kafka-0:9092,kafka-1:9092"));
			assertThat(run(command, environment)).startsWith("exit 0").contains("Updating stream onramp");
			JsonNode update = new ObjectMapper().readTree(dataflow.body("POST /streams/deployments/update/onramp"));
			assertThat(update.get("releaseName").asText()).isEqualTo("onramp");
			assertThat(update.get("updateProperties").get("app.*.spring.cloud.stream.kafka.binder.brokers").asText())
				.isEqualTo("kafka-0:9092,kafka-1:9092");
		}
	}

	private static List<String> fields(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		return names;
	}

	/** Runs the command: "exit N" and its output. */
	private static String run(List<String> command, Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		return "exit " + process.waitFor() + "\n" + output;
	}

	private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
		List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(found).as(type.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	/**
	 * The few Data Flow REST endpoints deploy.sh calls, answering as Data Flow 2.x does: nothing exists yet,
	 * or (after {@code reset(true)}) every definition exists and every stream is deployed.
	 */
	private static final class FakeDataFlow implements AutoCloseable {

		private final HttpServer server;

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final Map<String, String> bodies = new ConcurrentHashMap<>();

		private final Map<String, String> definitions = new ConcurrentHashMap<>();

		private final Map<String, String> deployments = new ConcurrentHashMap<>();

		private volatile boolean deployed;

		FakeDataFlow() throws IOException {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", exchange -> {
				String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
				requests.add(request);
				bodies.merge(request, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), (earlier, later) -> earlier + "\n" + later);
				if (request.endsWith("/definitions")) {
					Map<String, String> form = new LinkedHashMap<>();
					for (String field : bodies.get(request).replaceFirst("(?s).*\n", "").split("&")) {
						form.put(URLDecoder.decode(field.replaceFirst("=.*", ""), StandardCharsets.UTF_8),
								URLDecoder.decode(field.replaceFirst("^[^=]*=", ""), StandardCharsets.UTF_8));
					}
					definitions.put(form.get("name"), form.get("definition"));
				}
				int status = 201;
				byte[] answer = new byte[0];
				if (request.startsWith("POST /streams/deployments/")) {
					// What GET /streams/deployments/<name> then shows (Data Flow renders the properties into the DSL).
					String name = request.replaceFirst(".*/", "");
					deployments.put(name, new ObjectMapper().readTree(bodies.get(request).replaceFirst("(?s).*\n", "")).toString());
				}
				if (exchange.getRequestMethod().equals("GET")) {
					String name = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
					status = deployed ? 200 : 404;
					if (deployed && request.startsWith("GET /streams/deployments/")) {
						answer = deployments.get(name).getBytes(StandardCharsets.UTF_8);
					}
					else if (deployed) {
						answer = new ObjectMapper().writeValueAsBytes(Map.of("name", name, "originalDslText", definitions.get(name),
								"dslText", definitions.get(name), "status", "deployed"));
					}
				}
				exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
				exchange.getResponseBody().write(answer);
				exchange.close();
			});
			server.start();
		}

		String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		List<String> requests() {
			return requests;
		}

		String body(String request) {
			assertThat(bodies).as("requests made").containsKey(request);
			return bodies.get(request);
		}

		/** A form's body (curl --data-urlencode), decoded. */
		String form(String request) {
			return URLDecoder.decode(body(request), StandardCharsets.UTF_8);
		}

		void reset(boolean deployed) {
			this.deployed = deployed;
			// (what was defined stays defined)
			requests.clear();
			bodies.clear();
		}

		@Override
		public void close() {
			server.stop(0);
		}

	}

	private static void assertRestrictive(String workload, PodSpec pod) {
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload + " runs as non-root").isTrue();
		for (Container container : pod.getContainers()) {
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(workload + " read-only root").isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(workload).isFalse();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(workload).containsExactly("ALL");
			assertThat(container.getResources().getRequests()).as(workload + " requests").containsKeys("cpu", "memory");
			assertThat(container.getResources().getLimits()).as(workload + " limits").containsKey("memory");
		}
	}

	private static List<String> names(List<HasMetadata> objects, String kind) {
		return objects.stream().filter(object -> object.getKind().equals(kind)).map(object -> object.getMetadata().getName()).toList();
	}

	private static List<Container> containers(HasMetadata object) {
		if (object instanceof Deployment deployment) {
			return deployment.getSpec().getTemplate().getSpec().getContainers();
		}
		if (object instanceof CronJob cronJob) {
			return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers();
		}
		if (object instanceof StatefulSet set) {
			return set.getSpec().getTemplate().getSpec().getContainers();
		}
		if (object instanceof Job job) {
			return job.getSpec().getTemplate().getSpec().getContainers();
		}
		if (object instanceof io.fabric8.kubernetes.api.model.Pod pod) {
			return pod.getSpec().getContainers();
		}
		return List.of();
	}

	private static Map<String, String> env(Container container) {
		Map<String, String> env = new LinkedHashMap<>();
		container.getEnv().forEach(variable -> env.put(variable.getName(), variable.getValue()));
		return env;
	}

	private static TemplateCommand template() {
		return new Helm(CHART).template().withName("onramp").withKubeVersion("1.30.0");
	}

	private static Path hooksIncluded;

	/**
	 * helm template with the hooks (the Data Flow deploy Job, the helm test pod) among the deployments:
	 * helm-java's template leaves hooks out, as a release's manifest does, so this renders a copy of the
	 * chart whose hook annotations are taken out.
	 */
	private static synchronized TemplateCommand withHooks() throws IOException {
		if (hooksIncluded == null) {
			Path copy = Files.createTempDirectory("onramp-chart").resolve("onramp");
			try (var walk = Files.walk(CHART, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
				for (Path source : walk.toList()) {
					Path target = copy.resolve(CHART.relativize(source).toString());
					if (Files.isDirectory(source)) {
						Files.createDirectories(target);
					}
					else if (source.toString().endsWith(".yaml") && source.toString().contains("templates")) {
						Files.writeString(target, Files.readString(source).replaceAll("(?m)^\\s*helm\\.sh/hook[a-z-]*:.*\\n", ""));
					}
					else {
						Files.copy(source, target);
					}
				}
			}
			hooksIncluded = copy;
		}
		return new Helm(hooksIncluded).template().withName("onramp").withKubeVersion("1.30.0");
	}

	/** helm template with the broker's values; each document read as a Kubernetes object. */
	private static List<HasMetadata> render(String broker) {
		TemplateCommand command = template().set("broker", broker);
		if (broker.equals("rabbit")) {
			command = command.set("rabbitmq.existingSecret", "onramp-rabbitmq");
		}
		return read(command.call());
	}

	/** Each document of rendered deployments as a Kubernetes object. */
	private static List<HasMetadata> read(String deployments) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : deployments.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
				objects.add(Serialization.unmarshal(document, HasMetadata.class));
			}
		}
		return objects;
	}

	private static StreamNode parse(String name) throws IOException {
		String definition = Files.readAllLines(STREAMS.resolve(name + ".dsl"))
			.stream()
			.filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
			.collect(Collectors.joining(" "));
		return new StreamParser(name, definition).parse();
	}

}
