package io.onramp.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a benchmark and prints its figures.
 * <ul>
 * <li>{@code rules}: JMH, rule evaluation per feature update for 10, 100 and 1,000 rules, Onramp beside
 * stock Easy Rules MVEL, with the ratio.</li>
 * <li>{@code json}: JMH, writing and reading one event as JSON with Onramp's mapper and a stock Jackson one
 * ({@link EventJsonBenchmark}).</li>
 * <li>{@code reload}: time from publishing a ruleset release to every running evaluator using it.</li>
 * <li>{@code aggregator}: events per second through one feature aggregator on Kafka and on RabbitMQ, and
 * {@code GET /v1/users/{id}/features} latency at 5,000 requests per second beside redis-benchmark.</li>
 * <li>{@code script-cost}: the aggregator's feature script in Redis instructions per event, counted by
 * callgrind, for all the default features and for each one ({@link FeatureScriptCost}).</li>
 * <li>{@code e2e}: the whole pipeline under onboarding sessions at fixed rates, POST to SSE latency and
 * throughput ({@link EndToEndLoad}).</li>
 * <li>{@code faults}: the fault drill, every part killed or stopped under load, then the pipeline's state
 * compared with the accepted events and the lake ({@link FaultDrill}).</li>
 * <li>{@code capture}: batch ingest into Kafka (acks=all) in events per second, and single-event latency
 * at 2,000 events per second.</li>
 * <li>{@code sink}: SSE streams one experience sink holds, decision-to-page latency at that load, and
 * {@code GET /v1/users/{id}/experience} latency at 5,000 requests per second beside redis-benchmark.</li>
 * <li>{@code drift}: the snapshot and drift jobs for N users on real Postgres, time and peak heap.</li>
 * </ul>
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String which = args.length == 0 ? "rules" : args[0];
		switch (which) {
			case "rules" -> rules();
			case "json" -> json();
			case "aggregator" -> AggregatorThroughput.run(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
			case "script-cost" -> FeatureScriptCost.run(args.length > 1 ? Integer.parseInt(args[1]) : 5_000);
			case "e2e" -> EndToEndLoad.run(java.util.Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList(),
					Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
			case "faults" -> System.exit(FaultDrill.run(java.util.List.of(args[1].split(",")), Integer.parseInt(args[2]),
					Integer.parseInt(args[3]), Integer.parseInt(args[4])) ? 0 : 1);
			case "capture" -> CaptureIngest.run(args.length > 1 ? java.util.List.of(Integer.parseInt(args[1])) : java.util.List.of(100, 500));
			case "sink" -> SinkCapacity.run(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
			case "drift" -> DriftJobsTiming.run(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
			case "reload" -> ReleasePropagation.run(args.length > 1 ? Integer.parseInt(args[1]) : 3,
					args.length > 2 ? Integer.parseInt(args[2]) : 20);
			default -> throw new IllegalArgumentException("Unknown benchmark '" + which + "'; use rules, json, reload, aggregator, e2e, faults, sink, capture or drift");
		}
	}

	/** Runs a JMH benchmark class: two forks, five warm-up and five measured iterations of a second, 1 GiB heap. */
	private static Collection<RunResult> jmh(Class<?> benchmark) throws Exception {
		Options options = new OptionsBuilder().include(benchmark.getSimpleName())
			.forks(2)
			.warmupIterations(5)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgs("-Xms1g", "-Xmx1g")
			.build();
		return new Runner(options).run();
	}

	private static void json() throws Exception {
		Map<String, Double> nanos = new TreeMap<>();
		for (RunResult result : jmh(EventJsonBenchmark.class)) {
			String benchmark = result.getParams().getBenchmark();
			nanos.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
		}
		System.out.println();
		System.out.println("One event as JSON (JMH average time, nanoseconds per event; two instants in it)");
		System.out.printf("%7s %10s %10s%n", "", "Onramp", "Jackson");
		System.out.printf("%7s %10.0f %10.0f%n", "write", nanos.get("writeOnramp"), nanos.get("writeJackson"));
		System.out.printf("%7s %10.0f %10.0f%n", "read", nanos.get("readOnramp"), nanos.get("readJackson"));
	}

	private static void rules() throws Exception {
		Collection<RunResult> results = jmh(RuleEvaluationBenchmark.class);
		Map<Integer, double[]> byRules = new TreeMap<>();
		for (RunResult result : results) {
			int rules = Integer.parseInt(result.getParams().getParam("rules"));
			String benchmark = result.getParams().getBenchmark();
			int column = benchmark.endsWith(".onramp") ? 0 : benchmark.endsWith(".onrampOnDefaultEngine") ? 1 : 2;
			byRules.computeIfAbsent(rules, r -> new double[3])[column] = result.getPrimaryResult().getScore();
		}
		System.out.println();
		System.out.println("Rule evaluation per feature update (JMH average time, microseconds per update)");
		System.out.printf("%7s %14s %22s %14s %12s%n", "rules", "onramp", "onramp on Default-", "mvel on Default-", "mvel/onramp");
		System.out.printf("%7s %14s %22s %14s %12s%n", "", "(lean engine)", "RulesEngine", "RulesEngine", "");
		byRules.forEach((rules, scores) -> System.out.printf("%7d %14.2f %22.2f %14.2f %11.1fx%n", rules, scores[0],
				scores[1], scores[2], scores[2] / scores[0]));
		double[] thousand = byRules.get(1000);
		if (thousand != null) {
			System.out.printf("Targets for 1,000 rules: under 50 us (%s), at least 10x faster than MVEL (%s)%n",
					thousand[0] < 50 ? "met" : "NOT met", thousand[2] / thousand[0] >= 10 ? "met" : "NOT met");
		}
	}

}
