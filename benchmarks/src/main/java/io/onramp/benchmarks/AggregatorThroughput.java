package io.onramp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.ConcurrentHistogram;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.aggregator.FeatureAggregatorApplication;
import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.StreamAppArgs;
import io.onramp.testsupport.TestServices;

/**
 * Events per second through one feature aggregator instance, on Kafka and on RabbitMQ, with Redis and the
 * broker on this machine: warm-up events and then the measured events are put on the input destination
 * first, the aggregator is started, and the time from when the warm-up events are applied (the JIT has
 * compiled the hot paths by then) to the last measured event applied is measured, with the CPU each part
 * used per event meanwhile: this JVM (its JIT apart), Redis's main thread, Postgres and RabbitMQ
 * ({@link ServiceCpu}), which says what the throughput on this machine is bound by. Then
 * {@code GET /v1/users/{id}/features} latency at a fixed 5,000 requests per second for 10 s, beside
 * {@code redis-benchmark} GET on the same Redis.
 */
final class AggregatorThroughput {

	private static final int USERS = 1_000;

	/** The total time of a command in a line of {@code INFO commandstats}. */
	private static final Pattern USEC = Pattern.compile("(?:^|,)usec=(\\d+)");

	private AggregatorThroughput() {
	}

	static void run(int events) throws Exception {
		int warmup = Integer.getInteger("aggregator.warmup", 200_000);
		List<String> report = new ArrayList<>();
		for (String binder : System.getProperty("aggregator.binders", "kafka,rabbit").split(",")) {
			if ("rabbit".equals(binder) && TestServices.findRabbit().isEmpty()) {
				report.add("rabbit: no RabbitMQ on this machine, skipped");
				continue;
			}
			report.add(throughput(binder, warmup, events));
		}
		String features = Boolean.getBoolean("aggregator.skipReads") ? "" : featuresLatency();
		System.out.println();
		System.out.println("Feature aggregator, one instance (" + events + " events measured after " + warmup
				+ " of warm-up, " + USERS + " users):");
		report.forEach(line -> System.out.println("  " + line));
		System.out.println("  targets: 20,000 events/s on Kafka, 8,000 on RabbitMQ");
		System.out.println(features);
		System.exit(0);
	}

	private static String throughput(String binder, int warmup, int events) throws Exception {
		String namespace = TestServices.uniqueName("throughput_" + binder);
		RedisKeys keys = new RedisKeys(namespace);
		String destination = namespace + ".events";
		publish(binder, destination, warmup + events);
		ConfigurableApplicationContext app = aggregator(binder, namespace);
		try {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			long first = 0;
			long firstApplied = 0;
			ThreadCpu jvm = null;
			ServiceCpu services = null;
			long scriptBefore = 0;
			long applied = 0;
			byte[][] users = featureKeys(keys);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (applied < warmup + events && System.nanoTime() < deadline) {
				applied = applied(redis, users);
				if (first == 0 && applied > 0 && applied >= warmup) {
					first = System.nanoTime();
					firstApplied = applied;
					jvm = ThreadCpu.start();
					services = ServiceCpu.start(redis);
					scriptBefore = scriptMicros(redis);
				}
				Thread.sleep(50);
			}
			double seconds = (System.nanoTime() - first) / 1e9;
			long measured = applied - firstApplied;
			StringBuilder line = new StringBuilder(String.format("%s: %,d events in %.1f s = %,.0f events/s", binder, measured,
					seconds, measured / seconds));
			if (jvm != null && measured > 0) {
				ThreadCpu.Usage used = jvm.stop();
				ServiceCpu.Usage elsewhere = services.stop();
				line.append(String.format("%n      CPU per event: this JVM (the aggregator%s) %.1f µs, of it the JIT %.1f µs",
						"kafka".equals(binder) ? " and the in-process Kafka broker" : "", used.process() / 1e3 / measured,
						used.nanos(ThreadCpu.JIT) / 1e3 / measured)).append(elsewhere.perEvent(measured, false));
				line.append(String.format("%n      Redis in the feature script (EVALSHA with the calls it makes; wall time, so waits for a core"
						+ " count) %.1f µs",
						(scriptMicros(redis) - scriptBefore) / (double) measured));
				long all = used.process() + elsewhere.total();
				line.append(String.format("%n      together %.1f µs, %.2f of this machine's %d cores", all / 1e3 / measured,
						all / 1e9 / seconds, Runtime.getRuntime().availableProcessors()));
			}
			return line.toString();
		}
		finally {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			redis.delete(redis.keys(namespace + ":*"));
			app.close();
			TestServices.postgres().dropSchema(namespace);
			try (BrokerClient broker = BrokerClient.of(binder)) {
				broker.deleteGroup(destination, "feature-aggregator");
			}
		}
	}

	/**
	 * Puts the events on the input destination: user {@code i % USERS}, a click every fourth, a millisecond of
	 * event time apart. In a method of its own so that the records are garbage once sent: held through the
	 * measurement (a local of the running interpreted frame would be), a million of them kept G1's concurrent
	 * marking busy (5 % of this JVM's samples in a profile, none once released), counted as the aggregator's CPU.
	 */
	private static void publish(String binder, String destination, int count) throws Exception {
		List<BrokerClient.Keyed> records = new ArrayList<>(count);
		Instant start = Instant.parse("2026-11-27T09:00:00Z");
		for (int i = 0; i < count; i++) {
			String user = "user-" + (i % USERS);
			Instant at = start.plusMillis(i);
			Event event = new Event(UUID.randomUUID().toString(), i % 4 == 0 ? "click" : "page_view", user, null, "s-" + user,
					at, at, null, Map.of(), 1);
			records.add(new BrokerClient.Keyed(user, OnrampJson.mapper().writeValueAsBytes(event)));
		}
		try (BrokerClient broker = BrokerClient.of(binder)) {
			broker.prepareGroup(destination, "feature-aggregator");
			broker.send(destination, records);
		}
	}

	/**
	 * Sums events_total over the users in one server-side step (this benchmark runs on a standalone Redis), sent
	 * as {@code EVAL}: its time then stays out of the {@code EVALSHA} figure, which is the feature script's.
	 */
	private static final byte[] SUM_EVENTS = """
			local total = 0
			for _, key in ipairs(KEYS) do total = total + tonumber(redis.call('HGET', key, 'events_total') or '0') end
			return total
			""".getBytes(StandardCharsets.UTF_8);

	/** The users' feature hash keys, once per run rather than once per poll. */
	private static byte[][] featureKeys(RedisKeys keys) {
		byte[][] users = new byte[USERS][];
		for (int u = 0; u < USERS; u++) {
			users[u] = keys.features("user-" + u).getBytes(StandardCharsets.UTF_8);
		}
		return users;
	}

	private static long applied(StringRedisTemplate redis, byte[][] users) {
		Long total = redis.execute((RedisCallback<Long>) connection -> connection.scriptingCommands().eval(SUM_EVENTS,
				ReturnType.INTEGER, users.length, users));
		return total == null ? 0 : total;
	}

	/**
	 * The time Redis spent in {@code EVALSHA} so far, µs, from {@code INFO commandstats}: the aggregator's
	 * feature script with the Redis calls it makes. It is wall time: on a machine whose cores are all busy it
	 * includes the script's waits for one, and can then exceed the main thread's CPU.
	 */
	private static long scriptMicros(StringRedisTemplate redis) {
		Properties stats = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("commandstats"));
		String evalsha = stats == null ? null : stats.getProperty("cmdstat_evalsha");
		Matcher usec = USEC.matcher(evalsha == null ? "" : evalsha);
		return usec.find() ? Long.parseLong(usec.group(1)) : 0;
	}

	/**
	 * Spring Security's auto-configuration, which rules-admin (another benchmark's app) puts on this JVM's
	 * classpath: the aggregator has no security of its own, and with it every feature read was answered 401.
	 */
	private static final String SECURITY = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

	private static ConfigurableApplicationContext aggregator(String binder, String namespace) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
				"--spring.main.banner-mode=off", "--spring.autoconfigure.exclude=" + SECURITY));
		args.addAll(StreamAppArgs.broker(binder));
		for (String extra : System.getProperty("aggregator.args", "").split(" ")) {
			if (!extra.isBlank()) {
				args.add(extra);
			}
		}
		args.addAll(StreamAppArgs.redis(namespace));
		args.addAll(StreamAppArgs.postgres(namespace));
		args.addAll(StreamAppArgs.destinations(namespace + ".events", namespace + ".features"));
		return new SpringApplicationBuilder(FeatureAggregatorApplication.class).run(args.toArray(String[]::new));
	}

	/** GET features at a fixed 5,000 requests/s for 10 s against one aggregator, then redis-benchmark GET. */
	private static String featuresLatency() throws Exception {
		String namespace = TestServices.uniqueName("features_latency");
		ConfigurableApplicationContext app = aggregator("kafka", namespace);
		StringBuilder out = new StringBuilder();
		try {
			StringRedisTemplate redis = app.getBean(StringRedisTemplate.class);
			RedisKeys keys = new RedisKeys(namespace);
			for (int u = 0; u < 100; u++) {
				redis.opsForHash().putAll(keys.features("user-" + u), Map.of("events_total", "3", "device_type", "mobile",
						"version", "3", "_watermark", "1795770000000"));
			}
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			ConcurrentHistogram histogram = new ConcurrentHistogram(3);
			int rate = 5_000;
			int seconds = 10;
			// Warm up at the same rate until the JIT is done (this JVM's CPU per request settled), then measure.
			JitWarmup.Result warm = JitWarmup.run("feature reads", ProcessHandle.current().pid(), 30, 300,
					(offset, slice) -> HttpLoad.get(port, rate, slice, k -> "/v1/users/user-" + (k % 100) + "/features",
							k -> null, null));
			HttpLoad.get(port, rate, seconds, k -> "/v1/users/user-" + (k % 100) + "/features", k -> null, histogram);
			out.append(String.format("GET /v1/users/{id}/features at %,d req/s for %d s (%,d requests): p50 %.2f ms, "
					+ "p99 %.2f ms, max %.2f ms (after %s)%n", rate, seconds, histogram.getTotalCount(),
					histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
					histogram.getMaxValue() / 1000.0, warm.describe()));
			redis.delete(redis.keys(namespace + ":*"));
		}
		finally {
			app.close();
			TestServices.postgres().dropSchema(namespace);
		}
		out.append(RedisBenchmark.get().summary());
		return out.toString();
	}

}
