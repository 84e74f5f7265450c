package io.onramp.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.onramp.testsupport.Ports;
import io.onramp.admin.RulesAdminApplication;
import io.onramp.aggregator.FeatureAggregatorApplication;
import io.onramp.capture.CaptureProperties;
import io.onramp.capture.EventCaptureSourceApplication;
import io.onramp.contracts.StreamTokens;
import io.onramp.evaluator.TriggerEvaluatorApplication;
import io.onramp.experience.ExperienceSinkApplication;
import io.onramp.lake.EventLakeSinkApplication;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.Endpoints;

/**
 * The four stream apps of the main stream and the lake sink on a tap of its events, started in this JVM
 * against a real broker and Redis, wired the way Data Flow wires them: each app's {@code input}/{@code output}
 * binding set to the shared destinations, the broker chosen by {@code spring.cloud.stream.default-binder} alone.
 *
 * <pre>
 * event-capture-source → NS.events → feature-aggregator → NS.features → trigger-evaluator → NS.decisions → experience-sink
 *                           └──────→ event-lake-sink (Parquet files under the lake directory)
 * </pre>
 */
public final class LocalPipeline implements AutoCloseable {


	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private final Settings settings;

	private final int[] ports;

	/** Signs the demo's stream tokens; a new secret per pipeline, so no token outlives it. */
	private final String streamTokenSecret = randomSecret();

	/** The write key of the pipeline's one application (the demo, tests, curl). */
	private final String writeKey = "wk_" + randomSecret();

	private LocalPipeline(Settings settings) {
		this.settings = settings;
		this.ports = new int[RULES_ADMIN + 1];
		for (int i = 0; i < ports.length; i++) {
			ports[i] = settings.firstPort() == 0 ? Ports.free() : settings.firstPort() + (i == RULES_ADMIN ? 10 : i);
		}
	}

	/**
	 * @param broker which broker carries the stream
	 * @param kafka the Kafka to use when {@code broker} is Kafka
	 * @param rabbit the RabbitMQ to use when {@code broker} is RabbitMQ
	 * @param redis the Redis holding features and experiences
	 * @param postgres the Postgres holding the offline feature history (a schema named after the namespace)
	 * @param namespace prefix of the destinations and of the Redis keys, so pipelines sharing services keep apart
	 * @param firstPort port of the capture API; the other apps take the next four, or {@code 0} for random ports
	 * @param lakeDirectory where the lake sink writes its Parquet files
	 * @param rulesAdmin whether to start rules-admin too (port {@code firstPort + 10}), with demo users and
	 * the starter rules
	 * @param progress told as each app starts
	 */
	public record Settings(Broker broker, Endpoints.Kafka kafka, Endpoints.Rabbit rabbit, Endpoints.Redis redis,
			Endpoints.Postgres postgres, String namespace, int firstPort, Path lakeDirectory, boolean rulesAdmin,
			Consumer<String> progress) {

		/** The stream apps only, quietly: for tests. */
		public Settings(Broker broker, Endpoints.Kafka kafka, Endpoints.Rabbit rabbit, Endpoints.Redis redis,
				Endpoints.Postgres postgres, String namespace, int firstPort, Path lakeDirectory) {
			this(broker, kafka, rabbit, redis, postgres, namespace, firstPort, lakeDirectory, false, step -> {
			});
		}

	}

	/**
	 * Index of rules-admin's port: the stream apps take the first port and the next four (capture,
	 * aggregator, evaluator, sink, lake), rules-admin the first port + 10 (8090 in the sandbox).
	 */
	private static final int RULES_ADMIN = 5;

	/** The demo users' password in the sandbox (rules-admin listens on 127.0.0.1 only there). */
	public static final String DEMO_PASSWORD = "onramp-demo";

	/** The demo users: an editor, an approver (four eyes), an administrator. */
	public static final List<String> DEMO_USERS = List.of("ed", "ann", "ada");

	public static LocalPipeline start(Settings settings) {
		LocalPipeline pipeline = new LocalPipeline(settings);
		try {
			// Consumers first, so their queues and consumer groups exist before the first event is sent.
			String demoOrigin = "http://localhost:" + pipeline.ports[3];
			// A file every 10 s, so the lake of a sandbox fills while people watch; the rest is flushed on close.
			pipeline.startApp(EventLakeSinkApplication.class, 4, "events", null, AppProcess.STREAM_APP_BESIDE_RULES_ADMIN,
					"--onramp.lake.directory=" + settings.lakeDirectory().toAbsolutePath(), "--onramp.lake.roll-interval=10s");
			pipeline.startApp(ExperienceSinkApplication.class, 3, "decisions", null, AppProcess.STREAM_APP_BESIDE_RULES_ADMIN,
					"--onramp.sink.stream-token-secret=" + pipeline.streamTokenSecret, "--onramp.sink.demo.enabled=true",
					"--onramp.sink.demo.capture-url=http://localhost:" + pipeline.ports[0],
					"--onramp.sink.demo.write-key=" + pipeline.writeKey);
			pipeline.startApp(TriggerEvaluatorApplication.class, 2, "features", "decisions", AppProcess.STREAM_APP_BESIDE_RULES_ADMIN);
			String historyUrl = settings.postgres().ensureSchema(settings.namespace());
			pipeline.startApp(FeatureAggregatorApplication.class, 1, "events", "features", AppProcess.DATABASE_APP_BESIDE_RULES_ADMIN,
					"--spring.datasource.url=" + historyUrl, "--spring.datasource.username=" + settings.postgres().username(),
					"--spring.datasource.password=" + settings.postgres().password());
			pipeline.startApp(EventCaptureSourceApplication.class, 0, null, "events", AppProcess.STREAM_APP_BESIDE_RULES_ADMIN,
					"--onramp.capture.write-keys.sandbox.key-sha256=" + CaptureProperties.WriteKey.hash(pipeline.writeKey),
					"--onramp.capture.write-keys.sandbox.allowed-origins=" + demoOrigin + ",http://127.0.0.1:" + pipeline.ports[3],
					"--onramp.capture.write-keys.sandbox.events-per-second=100000",
					"--onramp.capture.write-keys.sandbox.burst=100000");
			if (settings.rulesAdmin()) {
				pipeline.startRulesAdmin(historyUrl);
			}
		}
		catch (RuntimeException ex) {
			pipeline.close();
			throw ex;
		}
		return pipeline;
	}

	/** Base URL of the capture API ({@code POST /v1/events}). */
	public URI captureUrl() {
		return url(apps.get(4));
	}

	/** Base URL of the feature aggregator ({@code GET /v1/users/{id}/features}). */
	public URI featuresUrl() {
		return url(apps.get(3));
	}

	/** Base URL of the experience sink ({@code GET /v1/users/{id}/experience[/stream]}). */
	public URI experienceUrl() {
		return url(apps.get(1));
	}

	/** Where the lake sink writes ({@code dt=YYYY-MM-DD/hour=HH/part-*.parquet}). */
	public Path lakeDirectory() {
		return settings.lakeDirectory().toAbsolutePath();
	}

	/** The write key the capture API takes ({@code Authorization: Bearer <key>}). */
	public String writeKey() {
		return writeKey;
	}

	/** Mints stream tokens the pipeline's experience sink accepts. */
	public StreamTokens streamTokens() {
		return new StreamTokens(streamTokenSecret);
	}

	/** rules-admin, when the pipeline runs it. */
	public URI rulesAdminUrl() {
		return URI.create("http://127.0.0.1:" + ports[RULES_ADMIN]);
	}

	/** The demo onboarding page. */
	public URI demoUrl() {
		return experienceUrl().resolve("/demo/");
	}

	/** The Redis key prefix of this pipeline. */
	public String redisKeyPrefix() {
		return settings.namespace();
	}

	/** A destination of this pipeline: {@code events}, {@code features} or {@code decisions}. */
	public String destination(String name) {
		return settings.namespace() + "." + name;
	}

	/**
	 * rules-admin beside the stream: the same Postgres schema as the feature history (its own tables and
	 * migration history) and the same Redis keys, the demo users, and the starter rules as rules when it has
	 * none yet (created by ed, approved by ann and published, so the release it shows is the one running).
	 */
	private void startRulesAdmin(String databaseUrl) {
		settings.progress().accept("rules-admin");
		List<String> args = new ArrayList<>(List.of("--server.port=" + ports[RULES_ADMIN], "--server.address=127.0.0.1",
				"--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=" + settings.postgres().username(),
				"--spring.datasource.password=" + settings.postgres().password(),
				"--spring.data.redis.host=" + settings.redis().host(), "--spring.data.redis.port=" + settings.redis().port(),
				"--onramp.admin.redis-key-prefix=" + settings.namespace(), "--spring.jmx.enabled=false",
				"--spring.cloud.stream.default-binder=" + settings.broker().binder(), "--management.health.binders.enabled=false"));
		List<String> roles = List.of("EDITOR", "APPROVER", "ADMIN");
		for (int i = 0; i < DEMO_USERS.size(); i++) {
			args.add("--onramp.admin.bootstrap-users[" + i + "].username=" + DEMO_USERS.get(i));
			args.add("--onramp.admin.bootstrap-users[" + i + "].password=" + DEMO_PASSWORD);
			args.add("--onramp.admin.bootstrap-users[" + i + "].roles=" + roles.get(i));
		}
		ConfigurableApplicationContext admin = new SpringApplicationBuilder(RulesAdminApplication.class).registerShutdownHook(false)
			.run(args.toArray(String[]::new));
		apps.add(admin);
		StarterRules.importInto(admin);
	}

	private void startApp(Class<?> app, int portOffset, String input, String output, String... extra) {
		settings.progress().accept(app.getSimpleName().replace("Application", ""));
		List<String> args = new ArrayList<>(List.of(extra));
		args.add("--server.port=" + ports[portOffset]);
		args.add("--spring.cloud.stream.default-binder=" + settings.broker().binder());
		if (settings.broker() == Broker.KAFKA) {
			args.add("--spring.cloud.stream.kafka.binder.brokers=" + settings.kafka().bootstrapServers());
		}
		else {
			args.add("--spring.rabbitmq.host=" + settings.rabbit().host());
			args.add("--spring.rabbitmq.port=" + settings.rabbit().port());
			args.add("--spring.rabbitmq.username=" + settings.rabbit().username());
			args.add("--spring.rabbitmq.password=" + settings.rabbit().password());
		}
		args.add("--spring.data.redis.host=" + settings.redis().host());
		args.add("--spring.data.redis.port=" + settings.redis().port());
		args.add("--onramp.stream.redis-key-prefix=" + settings.namespace());
		if (input != null) {
			args.add("--spring.cloud.stream.bindings.input.destination=" + destination(input));
		}
		if (output != null) {
			args.add("--spring.cloud.stream.bindings.output.destination=" + destination(output));
		}
		// Several apps share this JVM: no JMX name clashes, and no shutdown hooks of their own (close() stops them).
		args.add("--spring.jmx.enabled=false");
		apps.add(new SpringApplicationBuilder(app).registerShutdownHook(false).run(args.toArray(String[]::new)));
	}

	private static String randomSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static URI url(ConfigurableApplicationContext app) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort());
	}

	@Override
	public void close() {
		List<ConfigurableApplicationContext> reversed = new ArrayList<>(apps);
		Collections.reverse(reversed);
		reversed.forEach(ConfigurableApplicationContext::close);
		apps.clear();
	}

}
