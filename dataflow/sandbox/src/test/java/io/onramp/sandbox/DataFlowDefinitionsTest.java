package io.onramp.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.BeanUtils;
import org.springframework.cloud.dataflow.core.dsl.AppNode;
import org.springframework.cloud.dataflow.core.dsl.ArgumentNode;
import org.springframework.cloud.dataflow.core.dsl.StreamNode;
import org.springframework.cloud.dataflow.core.dsl.StreamParser;
import org.springframework.cloud.dataflow.core.dsl.TaskApp;
import org.springframework.cloud.dataflow.core.dsl.TaskNode;
import org.springframework.cloud.dataflow.core.dsl.TaskParser;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.binder.ProducerProperties;

import io.onramp.contracts.OnrampJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dataflow/'s definitions as Data Flow reads them: every stream and task file parses with Data Flow's own
 * DSL parser (spring-cloud-dataflow-core-dsl); every app they name is registered, with the right type, in
 * both registration files (Maven and file), each with a {@code .metadata} entry; and every property a
 * definition or a deployment property file sets exists in that app's configuration metadata, read from the
 * metadata jar the build makes (spring-cloud-dataflow-apps-metadata-plugin).
 */
class DataFlowDefinitionsTest {

	private static final Path DATAFLOW = Path.of("").toAbsolutePath().getParent();

	private static final Path ROOT = DATAFLOW.getParent();

	@Test
	void streamsParseAndUseRegisteredAppsWithDocumentedProperties() throws IOException {
		Registry registry = Registry.read();
		Map<String, StreamNode> streams = new LinkedHashMap<>();
		for (Path file : files("streams")) {
			String name = name(file);
			StreamNode stream = new StreamParser(name, definition(file)).parse();
			streams.put(name, stream);
			List<AppNode> apps = stream.getAppNodes();
			assertThat(apps).as(name).isNotEmpty();
			for (int i = 0; i < apps.size(); i++) {
				AppNode app = apps.get(i);
				boolean first = i == 0 && stream.getSourceDestinationNode() == null;
				String type = first ? "source" : i == apps.size() - 1 ? "sink" : "processor";
				registry.assertRegistered(type, app.getName());
				for (ArgumentNode argument : app.getArguments()) {
					registry.metadata(app.getName()).assertKnows(argument.getName(), name + ": " + app.getName());
				}
			}
		}
		assertThat(streams).containsKeys("onramp", "onramp-lake");
		// The tap reads a destination the main stream's source writes.
		String tapped = streams.get("onramp-lake").getSourceDestinationNode().getDestinationName();
		assertThat(tapped).isEqualTo("onramp.event-capture");
		assertThat(streams.get("onramp").getApp("event-capture")).isNotNull();
	}

	@Test
	void theNightlyComposedTaskRunsRegisteredTasksWithDocumentedProperties() throws IOException {
		Registry registry = Registry.read();
		List<Path> tasks = files("tasks");
		assertThat(tasks).extracting(DataFlowDefinitionsTest::name).contains("onramp-nightly");
		for (Path file : tasks) {
			TaskNode task = new TaskParser(name(file), definition(file), true, true).parse();
			assertThat(task.validate()).as(name(file)).isEmpty();
			assertThat(task.isComposed()).isTrue();
			List<String> labels = new ArrayList<>();
			for (TaskApp app : task.getTaskApps()) {
				labels.add(app.getLabel());
				registry.assertRegistered("task", app.getName());
				app.getArguments().keySet().forEach(property -> registry.metadata(app.getName()).assertKnows(property, name(file)));
			}
			assertThat(labels).containsExactly("feature-snapshot", "drift-monitor");
		}
	}

	@Test
	void everyDeploymentPropertyNamesAStreamAppAndAPropertyItHas() throws IOException {
		Registry registry = Registry.read();
		Set<String> streamApps = new LinkedHashSet<>();
		for (Path file : files("streams")) {
			new StreamParser(name(file), definition(file)).parse().getAppNodes().forEach(app -> streamApps.add(app.getName()));
		}
		List<Path> deployments = Files.list(DATAFLOW.resolve("deploy")).filter(path -> path.toString().endsWith(".properties")).sorted().toList();
		assertThat(deployments).extracting(path -> path.getFileName().toString())
			.contains("common.properties", "local-kafka.properties", "local-rabbit.properties", "kubernetes-kafka.properties",
					"kubernetes-rabbit.properties");
		for (Path file : deployments) {
			Properties properties = load(file);
			assertThat(properties).as(file.toString()).isNotEmpty();
			for (String key : properties.stringPropertyNames()) {
				// Data Flow 2.x renders deployment properties into the stream's DSL and parses it again: no [n].
				assertThat(key).as(file.getFileName() + ": " + key + " (no list index)").doesNotContain("[");
				String[] parts = key.split("\\.", 3);
				assertThat(parts).as(key).hasSize(3);
				assertThat(parts[0]).as(key).isIn("app", "deployer");
				List<String> apps = parts[1].equals("*") ? List.copyOf(streamApps) : List.of(parts[1]);
				assertThat(streamApps).as(file.getFileName() + ": " + key + " names an app of a stream").containsAll(apps);
				if (parts[0].equals("app")) {
					for (String app : apps) {
						registry.metadata(app).assertKnows(parts[2], file.getFileName() + ": " + key);
					}
				}
			}
		}
	}

	@Test
	void bothRegistrationFilesNameTheSameAppsAndTheFileOnesExist() throws IOException {
		Properties maven = load(DATAFLOW.resolve("apps/onramp-maven.properties"));
		Properties file = load(DATAFLOW.resolve("apps/onramp-file.properties"));
		assertThat(maven.stringPropertyNames()).isEqualTo(file.stringPropertyNames());
		for (String key : file.stringPropertyNames()) {
			Path jar = Registry.path(file.getProperty(key));
			assertThat(jar).as(key + ": built by ./mvnw package").exists();
			String coordinates = maven.getProperty(key);
			String artifact = coordinates.split(":")[2];
			String classifier = key.endsWith(".metadata") ? "metadata" : "exec";
			assertThat(coordinates).as(key).startsWith("maven://io.onramp:" + artifact + ":jar:" + classifier + ":");
			assertThat(jar.getFileName().toString()).as(key).startsWith(artifact + "-").endsWith("-" + classifier + ".jar");
		}
	}

	private static List<Path> files(String folder) throws IOException {
		try (Stream<Path> files = Files.list(DATAFLOW.resolve(folder))) {
			return files.filter(path -> path.toString().endsWith(".dsl")).sorted().toList();
		}
	}

	private static String name(Path file) {
		return file.getFileName().toString().replaceFirst("\\.dsl$", "");
	}

	/** The definition in a DSL file, as dataflow/deploy.sh sends it: its lines without comments, joined. */
	private static String definition(Path file) throws IOException {
		return String.join(" ", Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
			.map(String::strip).toList());
	}

	private static Properties load(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		return properties;
	}

	/** The apps registered by the file registration, and their metadata jars. */
	private record Registry(Properties apps) {

		static Registry read() throws IOException {
			return new Registry(load(DATAFLOW.resolve("apps/onramp-file.properties")));
		}

		static Path path(String uri) {
			return Path.of(uri.replace("file://", "").replace("${ONRAMP_HOME}", ROOT.toString()));
		}

		void assertRegistered(String type, String app) {
			assertThat(apps.getProperty(type + "." + app)).as(type + " " + app + " is registered").isNotNull();
			assertThat(apps.getProperty(type + "." + app + ".metadata")).as(type + " " + app + " has metadata").isNotNull();
		}

		Metadata metadata(String app) {
			String uri = apps.stringPropertyNames().stream().filter(key -> key.endsWith("." + app + ".metadata")).findFirst()
				.map(apps::getProperty).orElseThrow(() -> new AssertionError(app + " is not registered"));
			return Metadata.read(path(uri));
		}

	}

	/** An app's configuration properties, from its metadata jar: names, and which of them are maps. */
	private record Metadata(Path jar, Set<String> names, Set<String> maps) {

		private static final Map<Path, Metadata> READ = new LinkedHashMap<>();

		static Metadata read(Path jar) {
			return READ.computeIfAbsent(jar, path -> {
				assertThat(path).as("the metadata jar (build the apps first: ./mvnw package)").exists();
				Set<String> names = new LinkedHashSet<>();
				Set<String> maps = new LinkedHashSet<>();
				try (JarFile file = new JarFile(path.toFile());
						InputStream json = file.getInputStream(file.getEntry("META-INF/spring-configuration-metadata.json"))) {
					for (JsonNode property : OnrampJson.mapper().readTree(json).get("properties")) {
						String name = property.get("name").asString();
						names.add(name);
						if (property.has("type") && property.get("type").asString().startsWith("java.util.Map")) {
							maps.add(name);
						}
					}
				}
				catch (IOException ex) {
					throw new AssertionError("Cannot read " + path, ex);
				}
				return new Metadata(path, names, maps);
			});
		}

		/**
		 * Whether the app has the property, named as Data Flow takes it: camelCase or kebab-case, list
		 * indexes, keys of map properties, and the {@code producer.}/{@code consumer.} binding shortcuts.
		 */
		void assertKnows(String property, String where) {
			String name = kebab(property);
			if (name.startsWith("producer.") || name.startsWith("consumer.")) {
				Class<?> type = name.startsWith("producer.") ? ProducerProperties.class : ConsumerProperties.class;
				String field = camel(name.substring(name.indexOf('.') + 1));
				assertThat(BeanUtils.getPropertyDescriptor(type, field)).as(where + ": a binding's " + property).isNotNull();
				return;
			}
			String indexless = name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
			boolean known = names.contains(indexless) || maps.stream().anyMatch(map -> indexless.startsWith(map + "."));
			assertThat(known).as(where + ": " + property + " is a property of " + jar.getFileName()).isTrue();
		}

		private static String kebab(String name) {
			return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
		}

		private static String camel(String kebab) {
			StringBuilder camel = new StringBuilder();
			boolean upper = false;
			for (char c : kebab.toCharArray()) {
				if (c == '-') {
					upper = true;
				}
				else {
					camel.append(upper ? Character.toUpperCase(c) : c);
					upper = false;
				}
			}
			return camel.toString();
		}

	}

}
