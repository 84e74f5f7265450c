package io.onramp.benchmarks;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The CPU the services on this machine used between two points, beside the benchmark's own JVM: Redis's
 * main thread (from {@code INFO cpu}, so it is right wherever Redis runs), and the Postgres and RabbitMQ
 * processes read from Linux's {@code /proc} (every process of that name, to 10 ms; nothing where there
 * is no {@code /proc} or the service runs elsewhere). With everything on one small machine this says which
 * part a throughput is bound by.
 */
final class ServiceCpu {

	/** The process names read from {@code /proc}, by what the report calls them, in the report's order. */
	private static final Map<String, String> PROCESSES = new LinkedHashMap<>();

	static {
		PROCESSES.put("Postgres", "postgres");
		PROCESSES.put("RabbitMQ", "beam.smp");
	}

	private final StringRedisTemplate redis;

	private final Map<String, Long> start;

	private ServiceCpu(StringRedisTemplate redis) {
		this.redis = redis;
		this.start = read();
	}

	/** Starts counting now. */
	static ServiceCpu start(StringRedisTemplate redis) {
		return new ServiceCpu(redis);
	}

	/** CPU used since {@link #start}, by service (Redis first), leaving out services that used none. */
	Usage stop() {
		Map<String, Long> used = new LinkedHashMap<>();
		read().forEach((service, nanos) -> {
			long delta = nanos - start.getOrDefault(service, 0L);
			if (delta > 0) {
				used.put(service, delta);
			}
		});
		return new Usage(used);
	}

	/**
	 * CPU time by service.
	 *
	 * @param byService ns of CPU by service
	 */
	record Usage(Map<String, Long> byService) {

		/** All services' CPU, ns. */
		long total() {
			return byService.values().stream().mapToLong(Long::longValue).sum();
		}

		/** {@code "; <service> <x> <unit>"} per service, per event, in µs (one decimal) or ms (two). */
		String perEvent(long events, boolean millis) {
			StringBuilder line = new StringBuilder();
			byService.forEach((service, nanos) -> line.append(millis
					? String.format("; %s %.2f ms", service, nanos / 1e6 / Math.max(1, events))
					: String.format("; %s %.1f µs", service, nanos / 1e3 / Math.max(1, events))));
			return line.toString();
		}

	}

	private Map<String, Long> read() {
		Map<String, Long> cpu = new LinkedHashMap<>();
		cpu.put("Redis (main thread)", redisMainThreadNanos());
		PROCESSES.forEach((service, name) -> cpu.put(service, processNanos(name)));
		return cpu;
	}

	/** Redis's main thread: user and system seconds from {@code INFO cpu} (the whole server before Redis 6.2). */
	private long redisMainThreadNanos() {
		Properties info = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("cpu"));
		if (info == null) {
			return 0;
		}
		String user = info.getProperty("used_cpu_user_main_thread", info.getProperty("used_cpu_user", "0"));
		String system = info.getProperty("used_cpu_sys_main_thread", info.getProperty("used_cpu_sys", "0"));
		return (long) ((Double.parseDouble(user) + Double.parseDouble(system)) * 1e9);
	}

	/** User and system time of every process with this name, from {@code /proc/<pid>/stat}. */
	private static long processNanos(String name) {
		File[] processes = new File("/proc").listFiles(file -> file.getName().chars().allMatch(Character::isDigit));
		if (processes == null) {
			return 0;
		}
		long nanos = 0;
		for (File process : processes) {
			nanos += ProcStat.read(process.toPath().resolve("stat")).filter(stat -> stat.name().equals(name))
				.map(ProcStat::cpuNanos).orElse(0L);
		}
		return nanos;
	}

}
