package io.onramp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import redis.embedded.RedisServer;

/**
 * Hands tests (and the local sandbox) real Postgres, Redis, RabbitMQ and Kafka.
 *
 * <p>For each service, in order: a service already listening on localhost is used as it is (CI and
 * developer machines); else a Testcontainers container when a Docker engine answers; else an embedded
 * server (Kafka KRaft in-process, Redis and Postgres binaries from Maven Central). RabbitMQ has no
 * embedded form: where neither a local broker nor Docker is there, {@link #rabbit()} aborts the calling
 * test with the reason. Each service is obtained once per JVM and stopped when the JVM exits.
 *
 * <p>Tests isolate themselves with {@link #uniqueName(String)}: a key prefix in Redis, a schema in
 * Postgres, destination names on the brokers.
 */
public final class TestServices {

	private static final String LOCALHOST = "127.0.0.1";

	private static final Lazy<Endpoints.Redis> REDIS = new Lazy<>(TestServices::obtainRedis);

	private static final Lazy<Endpoints.Postgres> POSTGRES = new Lazy<>(TestServices::obtainPostgres);

	private static final Lazy<Endpoints.Kafka> KAFKA = new Lazy<>(TestServices::obtainKafka);

	private static final Lazy<Optional<Endpoints.Rabbit>> RABBIT = new Lazy<>(TestServices::obtainRabbit);

	private static final Lazy<Boolean> DOCKER = new Lazy<>(TestServices::dockerAnswers);

	private static final Lazy<Endpoints.RedisCluster> REDIS_CLUSTER = new Lazy<>(
			() -> announce(RedisClusterHarness.start(3)));

	private TestServices() {
	}

	public static Endpoints.Redis redis() {
		return REDIS.get();
	}

	/** A three-master Redis Cluster, started by this harness for the JVM. */
	public static Endpoints.RedisCluster redisCluster() {
		return REDIS_CLUSTER.get();
	}

	public static Endpoints.Postgres postgres() {
		return POSTGRES.get();
	}

	public static Endpoints.Kafka kafka() {
		return KAFKA.get();
	}

	/** A RabbitMQ broker, or the calling test is aborted (skipped) saying why none could be had. */
	public static Endpoints.Rabbit rabbit() {
		Optional<Endpoints.Rabbit> rabbit = findRabbit();
		Assumptions.assumeTrue(rabbit.isPresent(),
				"No RabbitMQ: nothing listens on " + LOCALHOST + ":5672 and no Docker engine answers for Testcontainers");
		return rabbit.get();
	}

	public static Optional<Endpoints.Rabbit> findRabbit() {
		return RABBIT.get();
	}

	/**
	 * A name no other test in this or any concurrent run uses, safe as a Redis key prefix, a Postgres
	 * schema and a broker destination: lower case letters, digits and underscores.
	 */
	public static String uniqueName(String base) {
		String clean = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
		if (clean.length() > 40) {
			clean = clean.substring(0, 40);
		}
		byte[] random = new byte[4];
		ThreadLocalRandom.current().nextBytes(random);
		return clean + "_" + HexFormat.of().formatHex(random);
	}

	private static Endpoints.Redis obtainRedis() {
		if (listening(6379)) {
			return announce(new Endpoints.Redis(LOCALHOST, 6379, "local service"));
		}
		if (DOCKER.get()) {
			GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			redis.start();
			stopOnExit(redis::stop);
			return announce(new Endpoints.Redis(redis.getHost(), redis.getMappedPort(6379), "Testcontainers"));
		}
		return startEmbeddedRedis();
	}

	static Endpoints.Redis startEmbeddedRedis() {
		try {
			int port = freePort();
			RedisServer server = new RedisServer(port);
			server.start();
			stopOnExit(() -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			return announce(new Endpoints.Redis(LOCALHOST, port, "embedded Redis"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded Redis", ex);
		}
	}

	private static Endpoints.Postgres obtainPostgres() {
		String localUrl = "jdbc:postgresql://" + LOCALHOST + ":5432/postgres";
		if (listening(5432) && canLogIn(localUrl, "postgres", "")) {
			return announce(new Endpoints.Postgres(localUrl, "postgres", "", "local service"));
		}
		if (DOCKER.get()) {
			PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
			postgres.start();
			stopOnExit(postgres::stop);
			return announce(new Endpoints.Postgres(postgres.getJdbcUrl(), postgres.getUsername(),
					postgres.getPassword(), "Testcontainers"));
		}
		return startEmbeddedPostgres();
	}

	static Endpoints.Postgres startEmbeddedPostgres() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.start();
			stopOnExit(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			return announce(new Endpoints.Postgres(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "",
					"embedded Postgres"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start an embedded Postgres", ex);
		}
	}

	private static Endpoints.Kafka obtainKafka() {
		if (listening(9092)) {
			return announce(new Endpoints.Kafka(LOCALHOST + ":9092", "local service"));
		}
		if (DOCKER.get()) {
			KafkaContainer kafka = new KafkaContainer("apache/kafka-native:3.9.1");
			kafka.start();
			stopOnExit(kafka::stop);
			return announce(new Endpoints.Kafka(kafka.getBootstrapServers(), "Testcontainers"));
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// Topics are created by the binders; let them pick any partition count a test asks for.
		broker.brokerProperty("auto.create.topics.enable", "true");
		broker.afterPropertiesSet();
		stopOnExit(broker::destroy);
		return announce(new Endpoints.Kafka(broker.getBrokersAsString(), "in-process KRaft broker"));
	}

	private static Optional<Endpoints.Rabbit> obtainRabbit() {
		if (listening(5672)) {
			return Optional.of(announce(new Endpoints.Rabbit(LOCALHOST, 5672, "guest", "guest", "local service")));
		}
		if (DOCKER.get()) {
			RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4-management-alpine");
			rabbit.start();
			stopOnExit(rabbit::stop);
			return Optional.of(announce(new Endpoints.Rabbit(rabbit.getHost(), rabbit.getAmqpPort(),
					rabbit.getAdminUsername(), rabbit.getAdminPassword(), "Testcontainers")));
		}
		System.out.println("[onramp-services] RabbitMQ: none available (no local broker on 5672, no Docker engine); "
				+ "RabbitMQ tests will be skipped");
		return Optional.empty();
	}

	private static boolean dockerAnswers() {
		// Asking Testcontainers where no engine can be logs an alarming error; look for one first.
		if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
				&& !java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOCALHOST, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean canLogIn(String url, String user, String password) {
		try (Connection ignored = DriverManager.getConnection(url, user, password)) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static <T> T announce(T endpoint) {
		System.out.println("[onramp-services] using " + endpoint);
		return endpoint;
	}

	private static void stopOnExit(Runnable stop) {
		Runtime.getRuntime().addShutdownHook(new Thread(stop, "onramp-test-services-stop"));
	}

	/** A value computed once, on first use, by whichever thread asks first. */
	private static final class Lazy<T> {

		private final Supplier<T> supplier;

		private volatile T value;

		Lazy(Supplier<T> supplier) {
			this.supplier = supplier;
		}

		T get() {
			T result = value;
			if (result == null) {
				synchronized (this) {
					result = value;
					if (result == null) {
						result = supplier.get();
						value = result;
					}
				}
			}
			return result;
		}

	}

}
