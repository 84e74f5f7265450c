package io.onramp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.onramp.testsupport.Ports;

/**
 * The services of a fault drill, each its own process on this machine that the drill may kill and start
 * again without disturbing anything else here: a Kafka broker (KRaft, one node, from the Kafka jars on the
 * classpath) or a RabbitMQ node, Redis with an append-only file synced before every answer (as Onramp needs
 * it: with Redis's default {@code everysec}, a crash can lose changes Redis has already answered for), and a
 * Postgres cluster of its own. Their data stays under one
 * directory across restarts.
 */
final class DrillServices implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	final Service broker;

	final Service redis;

	final Service postgres;

	private DrillServices(Service broker, Service redis, Service postgres) {
		this.broker = broker;
		this.redis = redis;
		this.postgres = postgres;
	}

	/** Prepares and starts the services for {@code binder} under {@code directory}. */
	static DrillServices start(String binder, Path directory) throws IOException, InterruptedException {
		// RabbitMQ and Postgres run as their own users, which must reach their directories under this one.
		Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Service broker = "kafka".equals(binder) ? kafka(directory.resolve("kafka")) : rabbit(directory.resolve("rabbitmq"));
		Service redis = redis(directory.resolve("redis"));
		Service postgres = postgres(directory.resolve("postgres"));
		DrillServices services = new DrillServices(broker, redis, postgres);
		Runtime.getRuntime().addShutdownHook(new Thread(services::close));
		try {
			for (Service service : List.of(broker, redis, postgres)) {
				service.start();
			}
		}
		catch (IOException | RuntimeException ex) {
			services.close();
			throw ex;
		}
		return services;
	}

	private static Service kafka(Path directory) throws IOException, InterruptedException {
		Files.createDirectories(directory);
		int port = Ports.free();
		int controller = Ports.free();
		Path config = directory.resolve("server.properties");
		Files.writeString(config, """
				process.roles=broker,controller
				node.id=1
				controller.quorum.bootstrap.servers=127.0.0.1:%2$d
				listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
				log.dirs=%3$s
				num.partitions=4
				offsets.topic.replication.factor=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				group.initial.rebalance.delay.ms=0
				""".formatted(port, controller, directory.resolve("data")));
		Path logging = directory.resolve("logback.xml");
		Files.writeString(logging, """
				<configuration><appender name="out" class="ch.qos.logback.core.ConsoleAppender"><encoder>
				<pattern>%d %-5level %logger{20} - %msg%n</pattern></encoder></appender>
				<root level="WARN"><appender-ref ref="out"/></root></configuration>
				""");
		List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx768m",
				"-Dlogback.configurationFile=" + logging, "-cp", System.getProperty("java.class.path"));
		List<String> format = new ArrayList<>(java);
		format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t",
				org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", config.toString()));
		Process formatting = new ProcessBuilder(format).redirectErrorStream(true)
			.redirectOutput(directory.resolve("format.log").toFile())
			.start();
		if (formatting.waitFor() != 0) {
			throw new IllegalStateException("Formatting Kafka's storage failed: " + Files.readString(directory.resolve("format.log")));
		}
		List<String> server = new ArrayList<>(java);
		server.addAll(List.of("kafka.Kafka", config.toString()));
		return new Service("Kafka", port, server, Map.of(), directory.resolve("kafka.log"));
	}

	private static Service rabbit(Path directory) throws IOException {
		Files.createDirectories(directory);
		int port = Ports.free();
		Files.writeString(directory.resolve("plugins"), "[].\n");
		Files.writeString(directory.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + port + "\n");
		// rabbitmq-server started by root runs the node as the rabbitmq user, which must own its directory.
		chown(directory, "rabbitmq");
		Map<String, String> env = Map.of("RABBITMQ_NODENAME", "onramp-drill-" + port + "@localhost", "RABBITMQ_NODE_PORT",
				Integer.toString(port), "RABBITMQ_DIST_PORT", Integer.toString(Ports.free()), "RABBITMQ_MNESIA_BASE",
				directory.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", directory.resolve("log").toString(),
				"RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("plugins").toString(), "RABBITMQ_CONFIG_FILE",
				directory.resolve("rabbitmq.conf").toString(), "RABBITMQ_PID_FILE", directory.resolve("pid").toString());
		return new Service("RabbitMQ", port, List.of("rabbitmq-server"), env, directory.resolve("rabbitmq.out"));
	}

	private static Service redis(Path directory) throws IOException {
		Files.createDirectories(directory);
		int port = Ports.free();
		return new Service("Redis", port, List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--dir", directory.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"), Map.of(),
				directory.resolve("redis.log"));
	}

	private static Service postgres(Path directory) throws IOException, InterruptedException {
		Files.createDirectories(directory);
		chown(directory, "postgres");
		int port = Ports.free();
		Path bin = postgresBin();
		run(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(),
				"-A", "trust", "-U", "postgres"), directory.resolve("initdb.log"));
		// pg_ctl runs the server in the background; the drill's stop is an immediate shutdown, as close to
		// pulling the plug as Postgres allows.
		List<String> pgCtl = List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D",
				directory.resolve("data").toString(), "-l", directory.resolve("postgres.log").toString());
		List<String> start = new ArrayList<>(pgCtl);
		start.addAll(List.of("-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1", "-w", "start"));
		List<String> stop = new ArrayList<>(pgCtl);
		stop.addAll(List.of("-m", "immediate", "-w", "stop"));
		return new Service("Postgres", port, start, Map.of(), directory.resolve("pg_ctl.log"), stop);
	}

	private static Path postgresBin() throws IOException {
		try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.sorted(java.util.Comparator.reverseOrder()).findFirst()
				.orElseThrow(() -> new IllegalStateException("No Postgres under /usr/lib/postgresql"))
				.resolve("bin");
		}
	}

	private static void chown(Path directory, String user) throws IOException {
		try {
			run(List.of("chown", "-R", user + ":" + user, directory.toString()), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void run(List<String> command, Path log) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path output = log != null ? log : Files.createTempFile("drill", ".log");
		Process process = builder.redirectOutput(output.toFile()).start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
		}
	}

	@Override
	public void close() {
		for (Service service : List.of(postgres, redis, broker)) {
			if (service != null) {
				service.stop();
			}
		}
	}

	/**
	 * One service: started by {@code start}, listening on {@code port} when ready; stopped by killing its
	 * process tree with SIGKILL, or by {@code stop} when it runs in the background (Postgres).
	 */
	static final class Service {

		final String name;

		final int port;

		private final List<String> start;

		private final Map<String, String> environment;

		private final Path log;

		private final List<String> stop;

		private Process process;

		Service(String name, int port, List<String> start, Map<String, String> environment, Path log) {
			this(name, port, start, environment, log, null);
		}

		Service(String name, int port, List<String> start, Map<String, String> environment, Path log, List<String> stop) {
			this.name = name;
			this.port = port;
			this.start = start;
			this.environment = environment;
			this.log = log;
			this.stop = stop;
		}

		void start() throws IOException, InterruptedException {
			ProcessBuilder builder = new ProcessBuilder(start).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			process = builder.start();
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (!listening(port)) {
				if (stop == null && !process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException(name + " did not start; its log: " + log + "\n" + tail(log));
				}
				Thread.sleep(100);
			}
		}

		/** Kills it: SIGKILL to the whole process tree, or Postgres's immediate shutdown. */
		void stop() {
			try {
				if (stop != null) {
					if (listening(port)) {
						run(stop, log.resolveSibling("pg_ctl-stop.log"));
					}
					return;
				}
				if (process == null) {
					return;
				}
				List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
				tree.add(process.toHandle());
				tree.forEach(ProcessHandle::destroyForcibly);
				for (ProcessHandle handle : tree) {
					handle.onExit().get();
				}
				process = null;
				long deadline = System.nanoTime() + STARTUP.toNanos();
				while (listening(port) && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static boolean listening(int port) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		private static String tail(Path log) {
			try {
				List<String> lines = Files.readAllLines(log);
				return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
			}
			catch (IOException ex) {
				return "(no log)";
			}
		}

	}

}
