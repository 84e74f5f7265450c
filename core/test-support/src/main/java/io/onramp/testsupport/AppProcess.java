package io.onramp.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An Onramp app started as its own JVM, on this JVM's classpath, as a deployer would run it: for tests
 * that kill it and benchmarks that measure it apart from the load they drive. Its output goes to a log
 * file; {@link #start} returns once {@code /actuator/health} answers 200.
 *
 * @param process the running JVM
 * @param port its HTTP port
 * @param log where its output goes
 */
public record AppProcess(Process process, int port, Path log) implements AutoCloseable {

	/** Timeout for the health check; several Boot apps starting at once on two cores take their time. */
	private static final Duration STARTUP = Duration.ofSeconds(120);

	/** The classpath holds the aggregator's JDBC; apps without a database must not look for one. */
	public static final String WITHOUT_DATABASE = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
			+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

	/** Spring Security's auto-configurations, which only rules-admin uses. */
	private static final String SECURITY = "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"
			+ ",org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
			+ ",org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration"
			+ ",org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"
			+ ",org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	/**
	 * For a stream app started from a classpath that also holds rules-admin (its tests, the sandbox): no
	 * database, and none of Spring Security's auto-configuration.
	 */
	public static final String STREAM_APP_BESIDE_RULES_ADMIN = WITHOUT_DATABASE + "," + SECURITY;

	/** For a stream app with a database (the aggregator) started beside rules-admin: no Spring Security. */
	public static final String DATABASE_APP_BESIDE_RULES_ADMIN = "--spring.autoconfigure.exclude=" + SECURITY;

	/**
	 * Starts {@code mainClass} with {@code -Xmx<heap>} on a free port with these arguments and waits until it
	 * is healthy.
	 */
	public static AppProcess start(Class<?> mainClass, String heap, List<String> args) throws IOException, InterruptedException {
		return start(mainClass, heap, Ports.free(), args);
	}

	/**
	 * Starts {@code mainClass} on {@code port} (the port it had before, when it is started again after a
	 * {@link #kill}).
	 */
	public static AppProcess start(Class<?> mainClass, String heap, int port, List<String> args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap,
				"-cp", System.getProperty("java.class.path"), mainClass.getName(), "--server.port=" + port));
		command.addAll(args);
		Path log = Files.createTempFile(mainClass.getSimpleName(), ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(mainClass.getSimpleName() + " exited: " + Files.readString(log));
			}
			try {
				HttpResponse<Void> health = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (health.statusCode() == 200) {
					return new AppProcess(process, port, log);
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new IllegalStateException(mainClass.getSimpleName() + " did not start within " + STARTUP + ": "
				+ Files.readString(log));
	}

	/** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
	public void kill() throws InterruptedException {
		process.destroyForcibly().waitFor();
	}

	/** Stops it (SIGTERM). */
	@Override
	public void close() {
		process.destroy();
	}

}
