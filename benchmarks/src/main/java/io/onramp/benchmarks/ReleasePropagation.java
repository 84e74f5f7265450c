package io.onramp.benchmarks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.RedisKeys;
import io.onramp.evaluator.TriggerEvaluatorApplication;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.store.RulesetStore;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

/**
 * Starts several trigger evaluators (on the in-process Kafka and the real Redis), publishes releases one
 * after another, and measures for each the time from the publish call until every evaluator reports
 * running it.
 */
final class ReleasePropagation {

	private ReleasePropagation() {
	}

	static void run(int evaluators, int releases) throws Exception {
		Endpoints.Kafka kafka = TestServices.kafka();
		Endpoints.Redis redis = TestServices.redis();
		String prefix = TestServices.uniqueName("reload_benchmark");
		List<ConfigurableApplicationContext> apps = new ArrayList<>();
		try {
			for (int i = 0; i < evaluators; i++) {
				apps.add(new SpringApplicationBuilder(TriggerEvaluatorApplication.class).run("--server.port=0",
						"--spring.jmx.enabled=false", "--spring.cloud.stream.kafka.binder.brokers=" + kafka.bootstrapServers(),
						"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
						"--onramp.stream.redis-key-prefix=" + prefix,
						"--spring.cloud.stream.bindings.input.destination=" + prefix + ".features",
						"--spring.cloud.stream.bindings.output.destination=" + prefix + ".decisions",
						"--spring.main.banner-mode=off",
						// The aggregator's JDBC and Flyway share this classpath; an evaluator has no database.
						"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
								+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
			}
			StringRedisTemplate template = apps.get(0).getBean(StringRedisTemplate.class);
			RedisKeys keys = new RedisKeys(prefix);
			RulesetStore store = new RulesetStore(template, keys, Clock.systemUTC());
			String ruleset = RulesetJson.write(RulesetJson.readResource("onramp/rulesets/starter.json"));

			List<Double> millis = new ArrayList<>();
			for (int r = 0; r < releases; r++) {
				long start = System.nanoTime();
				long number = store.publish(ruleset, "benchmark");
				long deadline = start + 10_000_000_000L;
				while (!allRunning(store, number, evaluators)) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Release " + number + " did not reach every evaluator within 10 s: "
								+ store.runningReleases());
					}
					Thread.onSpinWait();
				}
				millis.add((System.nanoTime() - start) / 1_000_000.0);
				Thread.sleep(100);
			}
			List<Double> sorted = millis.stream().sorted().toList();
			System.out.println();
			System.out.printf("Publish -> all %d evaluators running the new release, over %d releases:%n", evaluators, releases);
			System.out.printf("  median %.1f ms, max %.1f ms, min %.1f ms (target: under 1,000 ms)%n",
					sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.get(0));
			template.delete(template.keys(prefix + ":*"));
		}
		finally {
			apps.forEach(ConfigurableApplicationContext::close);
		}
		System.exit(0);
	}

	private static boolean allRunning(RulesetStore store, long number, int evaluators) {
		Map<String, Long> running = store.runningReleases();
		return running.size() == evaluators && running.values().stream().allMatch(release -> release == number);
	}

}
