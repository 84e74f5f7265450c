package io.onramp.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
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

	private static final Path STREAMS = Path.of("").toAbsolutePath().getParent().resolve("dataflow/streams");

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
		String manifests = template().set("metrics.serviceMonitor.enabled", true).set("metrics.dashboard.enabled", true).call();
		List<HasMetadata> objects = read(manifests);
		assertThat(names(objects, "ServiceMonitor")).containsExactlyInAnyOrder("onramp-event-capture", "onramp-feature-aggregator",
				"onramp-trigger-evaluator", "onramp-experience-sink", "onramp-event-lake-sink");
		assertThat(manifests).contains("path: /actuator/prometheus");
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
				"onramp_aggregator_late_events_total", "onramp_aggregator_rejected_records_total", "onramp_lake_rejected_records_total",
				"onramp_lake_events_written_total", "onramp_lake_buffered_events", "onramp_lake_write_failures_total");
		Matcher used = Pattern.compile("onramp_[a-z_]+").matcher(json);
		while (used.find()) {
			assertThat(meters).as("a meter the dashboard reads").contains(used.group());
		}
		assertThat(template().call()).as("off by default").doesNotContain("ServiceMonitor").doesNotContain("grafana_dashboard");
	}

	@Test
	void noSecretIsAPlainValue() {
		for (String broker : List.of("kafka", "rabbit")) {
			for (HasMetadata object : render(broker)) {
				for (Container container : containers(object)) {
					for (EnvVar variable : container.getEnv()) {
						if (variable.getName().matches(".*(PASSWORD|SECRET|TOKEN|KEYSHA256).*") && !variable.getName().equals("JAVA_TOOL_OPTIONS")) {
							assertThat(variable.getValue()).as(object.getMetadata().getName() + " " + variable.getName()).isNull();
							assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
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

	/** helm template with the broker's values; each document read as a Kubernetes object. */
	private static List<HasMetadata> render(String broker) {
		TemplateCommand command = template().set("broker", broker);
		if (broker.equals("rabbit")) {
			command = command.set("rabbitmq.existingSecret", "onramp-rabbitmq");
		}
		return read(command.call());
	}

	/** Each document of rendered manifests as a Kubernetes object. */
	private static List<HasMetadata> read(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifests.split("(?m)^---\\s*$")) {
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
