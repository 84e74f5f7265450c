package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.StreamAppArgs;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator as a separate process, killed with SIGKILL in the middle of a stream and started again,
 * on Kafka and on RabbitMQ: afterwards every event counts exactly once.
 */
class AggregatorCrashTest {

	private static final int USERS = 40;

	private static final int EVENTS = 1_200;

	private RedisTestClient client;

	private StringRedisTemplate redis;

	private final List<AppProcess> processes = new ArrayList<>();

	@BeforeEach
	void connect() {
		client = new RedisTestClient();
		redis = client.template();
	}

	@AfterEach
	void stop() {
		processes.forEach(app -> app.process().destroyForcibly());
		client.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "rabbit" })
	void noEventIsLostOrCountedTwiceWhenTheAggregatorIsKilled(String binder) throws Exception {
		String namespace = TestServices.uniqueName("crash_" + binder);
		RedisKeys keys = new RedisKeys(namespace);
		List<String> args = aggregatorArgs(binder, namespace);
		String input = namespace + ".events";
		try (BrokerClient broker = BrokerClient.of(binder)) {
			broker.prepareGroup(input, "feature-aggregator");
			AppProcess first = start(args);
			// A steady stream, 20 events every 10 ms, which goes on while the aggregator is killed and restarted.
			CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
				try {
					for (int from = 0; from < EVENTS; from += 20) {
						broker.send(input, events(from, from + 20));
						Thread.sleep(10);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			awaitAtLeast(keys, EVENTS / 10, Duration.ofSeconds(60));
			// Killed mid-stream: some events applied, some in flight, some not yet read.
			first.kill();
			long killedAt = System.nanoTime();
			long countedAtKill = totalCounted(keys);
			assertThat(countedAtKill).as("killed in the middle of the stream").isLessThan(EVENTS);
			start(args);
			stream.get(60, TimeUnit.SECONDS);
			awaitAtLeast(keys, EVENTS, Duration.ofSeconds(90));
			System.out.printf("[onramp-crash] %s: killed with %d of %d events applied; all applied %.1f s after the kill%n",
					binder, countedAtKill, EVENTS, (System.nanoTime() - killedAt) / 1e9);
			Thread.sleep(2_000);
			assertThat(totalCounted(keys)).as("events counted, each exactly once").isEqualTo(EVENTS);
			broker.deleteGroup(input, "feature-aggregator");
		}
		finally {
			client.deletePrefix(namespace);
			TestServices.postgres().dropSchema(namespace);
		}
	}

	private List<BrokerClient.Keyed> events(int from, int to) {
		List<BrokerClient.Keyed> events = new ArrayList<>();
		for (int i = from; i < to; i++) {
			Event event = event(i);
			events.add(new BrokerClient.Keyed(event.partitionKey(), OnrampJson.mapper().writeValueAsBytes(event)));
		}
		return events;
	}

	private Event event(int i) {
		String user = "user-" + (i % USERS);
		Instant at = Instant.parse("2026-11-27T09:00:00Z").plusMillis(i * 10L);
		return new Event("e-" + i + "-" + UUID.nameUUIDFromBytes(Integer.toString(i).getBytes(StandardCharsets.UTF_8)),
				i % 3 == 0 ? "click" : "page_view", user, null, "s-" + user, at, at, null, Map.of(), 1);
	}

	private long totalCounted(RedisKeys keys) {
		long total = 0;
		for (int u = 0; u < USERS; u++) {
			Object count = redis.opsForHash().get(keys.features("user-" + u), "events_total");
			total += count == null ? 0 : Long.parseLong((String) count);
		}
		return total;
	}

	private void awaitAtLeast(RedisKeys keys, long expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (totalCounted(keys) < expected) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Only " + totalCounted(keys) + " of " + expected + " events counted within " + timeout);
			}
			Thread.sleep(10);
		}
	}

	private List<String> aggregatorArgs(String binder, String namespace) {
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		args.addAll(StreamAppArgs.broker(binder));
		args.addAll(StreamAppArgs.redis(namespace));
		args.addAll(StreamAppArgs.postgres(namespace));
		args.addAll(StreamAppArgs.destinations(namespace + ".events", namespace + ".features"));
		if ("kafka".equals(binder)) {
			// The restarted instance joins the group once the killed one's session has timed out; the
			// broker's minimum keeps the test short (Kafka's default is 45 s).
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000");
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000");
		}
		return args;
	}

	private AppProcess start(List<String> args) throws Exception {
		AppProcess aggregator = AppProcess.start(FeatureAggregatorApplication.class, "256m", args);
		processes.add(aggregator);
		return aggregator;
	}

}
