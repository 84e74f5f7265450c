package io.onramp.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

/**
 * {@code redis-benchmark} GET against the Redis the apps use, the yardstick for an endpoint that is one
 * Redis read.
 *
 * @param summary what it printed: requests per second and the latency summary
 * @param p99Millis its p99 latency, or {@code NaN} when it could not run
 */
record RedisBenchmark(String summary, double p99Millis) {

	static RedisBenchmark get() {
		Endpoints.Redis redis = TestServices.redis();
		try {
			Process process = new ProcessBuilder("redis-benchmark", "-h", redis.host(), "-p", Integer.toString(redis.port()),
					"-t", "get", "-n", "50000", "-c", "50").redirectErrorStream(true).start();
			StringBuilder summary = new StringBuilder("redis-benchmark GET (50,000 requests, 50 clients): ");
			double p99 = Double.NaN;
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
				List<String> all = lines.lines().toList();
				for (int i = 0; i < all.size(); i++) {
					if (all.get(i).contains("requests per second")) {
						summary.append(all.get(i).strip()).append("; ");
					}
					if (all.get(i).contains("latency summary") && i + 2 < all.size()) {
						String figures = all.get(i + 2).strip();
						summary.append("avg min p50 p95 p99 max (ms): ").append(figures);
						p99 = Double.parseDouble(figures.split("\\s+")[4]);
					}
				}
			}
			process.waitFor(60, TimeUnit.SECONDS);
			return new RedisBenchmark(summary.toString(), p99);
		}
		catch (Exception ex) {
			return new RedisBenchmark("redis-benchmark: not available (" + ex.getMessage() + ")", Double.NaN);
		}
	}

}
