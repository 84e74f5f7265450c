package io.onramp.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.aggregator.AggregatorProperties;
import io.onramp.aggregator.RedisFeatureStore;
import io.onramp.contracts.Event;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;

/**
 * What the aggregator's feature script costs Redis, in CPU instructions per event, counted rather than
 * timed: a Redis of its own runs under Valgrind's callgrind, which counts the instructions it executes while
 * a batch of events is applied. A count does not move with the machine's speed of the day, which on this
 * project's two shared cores varied a timed figure by a quarter from one run to the next, so it tells a
 * change to the script (or a feature added to the registry) apart from noise, to a fraction of a percent.
 *
 * <p>It applies the default registry, then the registry with each feature taken out in turn, so the difference
 * is what that feature costs per event. The events are onboarding sessions ({@link Sessions#SESSION}) of
 * {@value #USERS} users, one event of each user a second of event time, with a warm-up long enough to fill
 * the five-minute windows first ({@code -Dscript-cost.each=false}: the whole registry only, a minute rather
 * than ten; {@code -Dscript-cost.dump=FILE}: keep the whole registry's callgrind dump there, for
 * {@code callgrind_annotate}). Needs {@code valgrind} (Debian's package) and {@code redis-server}; without
 * them it says so and stops.
 */
final class FeatureScriptCost {

	private static final int USERS = 100;

	/** Enough events that each user has more than five minutes of event time behind them: windows full. */
	private static final int WARM_UP = 40_000;

	private static final int BATCH = 500;

	private FeatureScriptCost() {
	}

	static void run(int events) throws Exception {
		if (!onPath("valgrind") || !onPath("callgrind_control") || !onPath("redis-server")) {
			System.out.println("Feature script cost: needs valgrind and redis-server on the PATH (apt-get install valgrind); skipped");
			return;
		}
		Path dumps = Files.createTempDirectory("onramp-callgrind");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process redis = new ProcessBuilder("valgrind", "--tool=callgrind", "--instr-atstart=no",
				"--callgrind-out-file=" + dumps.resolve("callgrind.out"), "redis-server", "--port", Integer.toString(port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true).redirectOutput(dumps.resolve("redis.log").toFile()).start();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		try {
			connections.afterPropertiesSet();
			connections.start();
			StringRedisTemplate template = new StringRedisTemplate(connections);
			template.afterPropertiesSet();
			awaitPing(template);
			List<Event> sessions = sessions(WARM_UP + events);
			FeatureRegistry all = FeatureRegistry.defaults();
			System.out.printf("[script-cost] Redis under callgrind (pid %d); %,d events per registry after %,d of warm-up...%n",
					redis.pid(), events, WARM_UP);
			double full = instructionsPerEvent(template, all, sessions, events, redis.pid(), dumps);
			String keep = System.getProperty("script-cost.dump");
			if (keep != null) {
				Files.copy(latestDump(dumps), Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
				System.out.printf("[script-cost] the whole registry's callgrind dump: %s (callgrind_annotate it)%n", keep);
			}
			System.out.println();
			System.out.printf("Feature script, Redis instructions per event (%d users, onboarding sessions, %,d events):%n", USERS,
					events);
			System.out.printf("  %-24s %,12.0f%n", "all " + all.features().size() + " features", full);
			if (!Boolean.parseBoolean(System.getProperty("script-cost.each", "true"))) {
				return;
			}
			for (FeatureDefinition feature : all.features()) {
				if (all.features().stream().anyMatch(other -> feature.name().equals(other.numerator())
						|| feature.name().equals(other.denominator()))) {
					System.out.printf("  %-24s %12s  (a ratio is defined from it)%n", feature.name(), "-");
					continue;
				}
				double rest = instructionsPerEvent(template, without(all, List.of(feature)), sessions, events, redis.pid(), dumps);
				System.out.printf("  %-24s %,12.0f%n", feature.name(), full - rest);
			}
			FeatureRegistry first = without(all, all.features().subList(1, all.features().size()));
			System.out.printf("  %-24s %,12.0f  (%s alone: the mark, the hash read and written, the version, the reply)%n",
					"one feature", instructionsPerEvent(template, first, sessions, events, redis.pid(), dumps), first.features().get(0).name());
		}
		finally {
			connections.destroy();
			redis.destroy();
			redis.waitFor(30, TimeUnit.SECONDS);
			try (Stream<Path> files = Files.walk(dumps)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	/** Applies the warm-up, then counts the instructions Redis executes while the measured events are applied. */
	private static double instructionsPerEvent(StringRedisTemplate template, FeatureRegistry registry, List<Event> sessions,
			int events, long pid, Path dumps) throws Exception {
		String prefix = "script_cost_" + UUID.randomUUID().toString().substring(0, 8);
		RedisFeatureStore store = new RedisFeatureStore(template, new RedisKeys(prefix), new AggregatorProperties(), registry);
		try {
			apply(store, sessions.subList(0, WARM_UP));
			callgrind(pid, "-z");
			callgrind(pid, "-i", "on");
			apply(store, sessions.subList(WARM_UP, WARM_UP + events));
			callgrind(pid, "-i", "off");
			callgrind(pid, "-d");
			return totals(latestDump(dumps)) / (double) events;
		}
		finally {
			template.delete(template.keys(prefix + ":*"));
		}
	}

	private static void apply(RedisFeatureStore store, List<Event> events) {
		for (int i = 0; i < events.size(); i += BATCH) {
			store.applyAll(events.subList(i, Math.min(events.size(), i + BATCH)));
		}
	}

	/** Event {@code k} is user {@code k % USERS}'s next step, a second of event time after their last. */
	private static List<Event> sessions(int count) {
		Instant start = Instant.parse("2026-11-27T09:00:00Z");
		List<Event> events = new ArrayList<>(count);
		for (int k = 0; k < count; k++) {
			Sessions.Step step = Sessions.Step.of(k, USERS);
			Instant at = start.plusMillis(10L * k);
			Event.EventContext context = step.device() == null ? null
					: new Event.EventContext(step.device(), null, null, null, null, null);
			Map<String, Object> properties = step.step() == null ? Map.of() : Map.of("step", step.step());
			events.add(new Event(UUID.randomUUID().toString(), step.type(), "user-" + step.user(), null, "s-" + step.user(), at, at,
					context, properties, 1));
		}
		return events;
	}

	private static FeatureRegistry without(FeatureRegistry registry, List<FeatureDefinition> features) {
		return new FeatureRegistry(registry.sessionTimeout(), registry.allowedLateness(),
				registry.features().stream().filter(feature -> !features.contains(feature)).toList());
	}

	private static void callgrind(long pid, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("callgrind_control"));
		command.addAll(List.of(args));
		command.add(Long.toString(pid));
		Process control = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(control.getInputStream().readAllBytes());
		if (control.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

	private static Path latestDump(Path dumps) throws IOException {
		try (Stream<Path> files = Files.list(dumps)) {
			return files.filter(file -> file.getFileName().toString().startsWith("callgrind.out."))
				.max(Comparator.comparingLong(file -> file.toFile().lastModified()))
				.orElseThrow(() -> new IllegalStateException("callgrind wrote no dump in " + dumps));
		}
	}

	/**
	 * The dump's total instruction count, its {@code totals:} line (its {@code summary:} line can come out
	 * wrapped around, as a 64-bit count below zero, in a dump taken after its counters were zeroed).
	 */
	private static long totals(Path dump) throws IOException {
		try (Stream<String> lines = Files.lines(dump)) {
			return lines.filter(line -> line.startsWith("totals:"))
				.mapToLong(line -> Long.parseLong(line.substring("totals:".length()).strip().split("\\s+")[0]))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no totals in " + dump));
		}
	}

	private static void awaitPing(StringRedisTemplate template) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			try {
				template.execute((org.springframework.data.redis.core.RedisCallback<String>) connection -> connection.ping());
				return;
			}
			catch (RuntimeException notYet) {
				if (System.nanoTime() > deadline) {
					throw notYet;
				}
				Thread.sleep(250);
			}
		}
	}

	private static boolean onPath(String program) {
		return Stream.of(System.getenv("PATH").split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
	}

}
