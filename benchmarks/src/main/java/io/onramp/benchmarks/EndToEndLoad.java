package io.onramp.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.sandbox.Broker;
import io.onramp.sandbox.LocalPipeline;
import io.onramp.testsupport.BrokerClient;
import io.onramp.testsupport.RedisTestClient;
import io.onramp.testsupport.SseClient;
import io.onramp.testsupport.TestServices;

/**
 * End to end under load: the whole pipeline (capture API, aggregator, evaluator, experience sink, lake
 * sink, as {@link LocalPipeline} runs them) on Kafka and on RabbitMQ, driven at a fixed rate of onboarding
 * sessions through the capture API while pages are open on the experience stream. Latency is from the
 * POST of an event to the arrival over SSE of the decision it caused (matched by event id; only decisions
 * that change a page reach it, here each device switch of a user with an open page); throughput is events
 * per second from the first POST until every event is in the users' features; the pages stay open until
 * decisions stop arriving, so a stage that falls behind shows as latency, not as missing samples. Prints a
 * table and writes {@code target/e2e/latency.csv} and {@code target/e2e/latency.html} (a chart of the
 * percentiles).
 */
final class EndToEndLoad {

	private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 100 };

	/** The prefix of the warm-up's user ids, so its events do not count in the measurement. */
	private static final String WARM_UP = "warm-";

	private EndToEndLoad() {
	}

	/**
	 * @param rates events per second to drive, one run per rate and broker
	 * @param seconds how long each run drives
	 * @param users users in the sessions; the first {@code pages} have their page open
	 * (system property {@code e2e.batch}: events per request, default 1)
	 */
	static void run(List<Integer> rates, int seconds, int users, int pages) throws Exception {
		List<Result> results = new ArrayList<>();
		int batch = Integer.getInteger("e2e.batch", 1);
		for (String binder : System.getProperty("e2e.binders", "kafka,rabbit").split(",")) {
			if (binder.equals("rabbit") && TestServices.findRabbit().isEmpty()) {
				System.out.println("rabbit: no RabbitMQ on this machine, skipped");
				continue;
			}
			for (int rate : rates) {
				results.add(measure(Broker.valueOf(binder.toUpperCase(Locale.ROOT)), rate, batch, seconds, users, pages));
			}
		}
		System.out.println();
		System.out.printf("End to end, POST /v1/events -> decision on the open page over SSE (%d users, %d pages open, %d s per run, "
				+ "%d event%s per POST):%n", users, pages, seconds, batch, batch == 1 ? "" : "s");
		System.out.printf("  %-7s %8s %10s %8s %8s %8s %8s %8s %8s %12s%n", "broker", "rate/s", "sent", "samples", "p50 ms",
				"p90 ms", "p99 ms", "p99.9 ms", "max ms", "through/s");
		for (Result result : results) {
			System.out.printf("  %-7s %,8d %,10d %,8d %8.1f %8.1f %8.1f %8.1f %8.1f %,12.0f%n", result.broker, result.rate, result.sent,
					result.latency.getTotalCount(), ms(result.latency, 50), ms(result.latency, 90), ms(result.latency, 99),
					ms(result.latency, 99.9), ms(result.latency, 100), result.throughput);
		}
		System.out.println("  targets on Kafka: p99 under 50 ms at 1,000 events/s; at least 10,000 events/s sustained");
		write(results);
		System.exit(0);
	}

	private static Result measure(Broker broker, int rate, int batch, int seconds, int users, int pages) throws Exception {
		String namespace = TestServices.uniqueName("load_" + broker.binder());
		Path lake = Files.createTempDirectory("onramp-load-lake");
		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		ConcurrentHistogram latency = new ConcurrentHistogram(3);
		// The parts of it the decision's own timestamps tell: capture received -> evaluator decided -> page.
		ConcurrentHistogram toDecision = new ConcurrentHistogram(3);
		ConcurrentHistogram toPage = new ConcurrentHistogram(3);
		AtomicBoolean running = new AtomicBoolean(true);
		try (LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings(broker,
				broker == Broker.KAFKA ? TestServices.kafka() : null, broker == Broker.RABBIT ? TestServices.rabbit() : null,
				TestServices.redis(), TestServices.postgres(), namespace, 0, lake));
				RedisTestClient redis = new RedisTestClient()) {
			List<SseClient> open = openPages(pipeline, "", pages, sentAt, latency, toDecision, toPage, running);
			String authorization = "Bearer " + pipeline.writeKey();
			// Warm-up at the same rate (JIT, connections, consumer groups settling) until the CPU per event stops
			// falling, not measured; its events have users' ids of their own, so they do not count below.
			int maxWarmup = Integer.getInteger("e2e.warmup", 600);
			System.out.printf("[e2e] %s: warming up at %,d/s until its CPU per event settles (at most %d s)...%n", broker.binder(),
					rate, maxWarmup);
			WarmUpCohorts warmUp = new WarmUpCohorts(pipeline, pages, seconds);
			JitWarmup.Result warm;
			try {
				warm = JitWarmup.run(broker.binder() + " at " + rate + "/s", ProcessHandle.current().pid(), 30, maxWarmup,
						(offset, slice) -> {
							String cohort = warmUp.next(offset);
							long first = warmUp.firstRequest();
							long answered = HttpLoad.send(pipeline.captureUrl().getPort(), rate / batch, slice, "POST",
									k -> "/v1/events", k -> authorization,
									k -> body(offset - first + k, batch, users, pages, cohort, warmUp.sentAt()), 202, null);
							warmUp.answered(answered);
							return answered;
						});
			}
			finally {
				warmUp.close();
			}
			// A pipeline that fell behind during the warm-up would measure the warm-up's backlog, not the rate: the
			// last cohort's events must all be in the features.
			long warmSent = warmUp.lastCohortRequests() * batch;
			if (awaitApplied(redis.template(), pipeline.redisKeyPrefix(), warmUp.lastCohort(), users, warmSent, System.nanoTime()) == 0) {
				System.out.printf("[e2e] %s at %,d/s: NOT sustained: the warm-up's last %,d events were not all applied within 60 s "
						+ "of its end, so the pipeline fell behind; not measured%n", broker.binder(), rate, warmSent);
				running.set(false);
				for (SseClient page : open) {
					page.close();
				}
				return new Result(broker.binder(), rate, 0, new Histogram(3), 0);
			}
			Thread.sleep(2_000);
			long total = (long) rate * seconds;
			System.out.printf("[e2e] %s: %,d events at %,d/s for %d s...%n", broker.binder(), total, rate, seconds);
			ConcurrentHistogram post = new ConcurrentHistogram(3);
			ThreadCpu threads = ThreadCpu.start();
			ServiceCpu services = ServiceCpu.start(redis.template());
			long start = System.nanoTime();
			HttpLoad.send(pipeline.captureUrl().getPort(), rate / batch, seconds, "POST", k -> "/v1/events", k -> authorization,
					k -> body(k, batch, users, pages, "", sentAt), 202, post);
			// The events the API accepted (HttpLoad records a latency only for a 202; a request whose connection
			// failed is not retried).
			long sent = post.getTotalCount() * batch;
			long done = awaitApplied(redis.template(), pipeline.redisKeyPrefix(), "", users, sent, start);
			ThreadCpu.Usage cpu = threads.stop();
			ServiceCpu.Usage elsewhere = services.stop();
			// Decisions trail the features (the evaluator and the sink come after the aggregator): the pages
			// stay open until no decision has arrived for a while, so a late one counts at its real latency.
			awaitQuiet(latency);
			running.set(false);
			for (SseClient page : open) {
				page.close();
			}
			double throughput = done > 0 ? sent / ((done - start) / 1e9) : 0;
			System.out.printf("[e2e] %s at %,d/s: POST p50 %.1f ms, p99 %.1f ms; received -> decided p50 %.1f ms, p99 %.1f ms; "
					+ "decided -> page p50 %.1f ms, p99 %.1f ms; %,d decisions reached pages; all %,d events applied %s; "
					+ "CPU %.2f ms per event (this JVM: the pipeline, the in-process Kafka and the load), of which the JIT "
					+ "compilers %.2f ms and the garbage collector %.2f ms%n",
					broker.binder(), rate, post.getValueAtPercentile(50) / 1000.0, post.getValueAtPercentile(99) / 1000.0,
					ms(toDecision, 50), ms(toDecision, 99), ms(toPage, 50), ms(toPage, 99), latency.getTotalCount(), sent,
					done > 0 ? String.format("after %.1f s", (done - start) / 1e9) : "NOT within 60 s of the end", cpu.process() / 1e6 / sent,
					cpu.nanos(ThreadCpu.JIT) / 1e6 / sent, cpu.nanos(ThreadCpu.GC) / 1e6 / sent);
			System.out.printf("[e2e] %s at %,d/s: measured after %s%n", broker.binder(), rate, warm.describe());
			System.out.printf("[e2e] %s at %,d/s: CPU per event by thread (names with their numbers as #):%n%s", broker.binder(), rate,
					cpu.table(Math.max(1, sent), 14));
			System.out.printf("[e2e] %s at %,d/s: CPU per event outside this JVM%s; with this JVM %.2f ms%n", broker.binder(), rate,
					elsewhere.perEvent(sent, true), (cpu.process() + elsewhere.total()) / 1e6 / Math.max(1, sent));
			return new Result(broker.binder(), rate, sent, latency.copy(), throughput);
		}
		finally {
			TestServices.postgres().dropSchema(namespace);
			if (broker == Broker.RABBIT) {
				// The groups' durable queues would outlive the run, with whatever was left in them.
				try (BrokerClient rabbit = BrokerClient.of("rabbit")) {
					rabbit.deleteGroup(namespace + ".events", "feature-aggregator");
					rabbit.deleteGroup(namespace + ".events", "event-lake-sink");
					rabbit.deleteGroup(namespace + ".features", "trigger-evaluator");
					rabbit.deleteGroup(namespace + ".decisions", "experience-sink");
				}
			}
			try (RedisTestClient redis = new RedisTestClient()) {
				redis.deletePrefix(namespace);
			}
		}
	}

	/**
	 * Opens the experience stream of the first {@code pages} users whose ids start with {@code userPrefix}, each
	 * read on a thread of its own until {@code running} turns false.
	 */
	private static List<SseClient> openPages(LocalPipeline pipeline, String userPrefix, int pages, Map<String, Long> sentAt,
			ConcurrentHistogram latency, ConcurrentHistogram toDecision, ConcurrentHistogram toPage, AtomicBoolean running)
			throws IOException, InterruptedException {
		List<SseClient> open = new ArrayList<>();
		for (int u = 0; u < pages; u++) {
			String user = Sessions.user(userPrefix, u);
			SseClient page = SseClient.open(pipeline.experienceUrl().resolve("/v1/users/" + user + "/experience/stream"),
					Map.of("Authorization", "Bearer " + pipeline.streamTokens().mint(user, Duration.ofHours(1))));
			open.add(page);
			Thread reader = new Thread(() -> read(page, sentAt, latency, toDecision, toPage, running), "page-" + user);
			reader.setDaemon(true);
			reader.start();
		}
		return open;
	}

	/**
	 * Request {@code k}'s body: event {@code k} of the sessions, or with {@code batch} above 1 an array of events
	 * {@code k * batch} to {@code k * batch + batch - 1} (as a server-side integration batches, many users' events
	 * in one request).
	 */
	private static byte[] body(long k, int batch, int users, int pages, String userPrefix, Map<String, Long> sentAt) {
		if (batch == 1) {
			return event(k, users, pages, userPrefix, sentAt);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(batch * 256);
		body.write('[');
		for (int i = 0; i < batch; i++) {
			if (i > 0) {
				body.write(',');
			}
			body.writeBytes(event(k * batch + i, users, pages, userPrefix, sentAt));
		}
		body.write(']');
		return body.toByteArray();
	}

	/** Event {@code k} of the sessions; the send time is noted for open pages. */
	private static byte[] event(long k, int users, int pages, String userPrefix, Map<String, Long> sentAt) {
		Sessions.Made event = Sessions.event(k, users, userPrefix);
		if (event.user() < pages) {
			sentAt.put(event.eventId(), System.nanoTime());
		}
		return event.body();
	}

	private static void read(SseClient page, Map<String, Long> sentAt, ConcurrentHistogram latency, ConcurrentHistogram toDecision,
			ConcurrentHistogram toPage, AtomicBoolean running) {
		try {
			while (running.get()) {
				SseClient.Received received = page.next(Duration.ofMillis(200));
				if (received == null || !"experience".equals(received.name()) && !"message".equals(received.name())) {
					continue;
				}
				ExperienceDecision decision = OnrampJson.mapper().readValue(received.data(), ExperienceDecision.class);
				Long sent = decision.eventId() == null ? null : sentAt.remove(decision.eventId());
				if (sent != null) {
					latency.recordValue(Math.max(0, (received.arrivedNanos() - sent) / 1_000));
					toDecision.recordValue(Math.max(0, Duration.between(decision.eventReceivedAt(), decision.decidedAt()).toNanos() / 1_000));
					toPage.recordValue(Math.max(0, Duration.between(decision.decidedAt(), received.arrivedAt()).toNanos() / 1_000));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			// Not a decision (a heartbeat's data, say): nothing to measure.
		}
	}

	/** When the users' events_total adds up to what was sent ({@link System#nanoTime()}), or 0 if not within 60 s. */
	private static long awaitApplied(StringRedisTemplate redis, String prefix, String userPrefix, int users,
			long sent, long start) throws InterruptedException {
		RedisKeys keys = new RedisKeys(prefix);
		long lastApplied = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			long applied = 0;
			List<Object> counts = redis.executePipelined((RedisCallback<Object>) connection -> {
				for (int u = 0; u < users; u++) {
					connection.hashCommands().hGet(keys.features(Sessions.user(userPrefix, u)).getBytes(StandardCharsets.UTF_8),
							"events_total".getBytes(StandardCharsets.UTF_8));
				}
				return null;
			});
			for (Object count : counts) {
				applied += count == null ? 0 : Long.parseLong(count.toString());
			}
			if (applied >= sent) {
				return System.nanoTime();
			}
			lastApplied = applied;
			Thread.sleep(100);
		}
		System.out.printf("[e2e] only %,d of %,d events applied%n", lastApplied, sent);
		return 0;
	}

	/** Returns once {@code latency} has recorded nothing new for 5 s (at most 60 s). */
	private static void awaitQuiet(Histogram latency) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		long count = -1;
		long quietSince = System.nanoTime();
		while (System.nanoTime() < deadline && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
			if (latency.getTotalCount() != count) {
				count = latency.getTotalCount();
				quietSince = System.nanoTime();
			}
			Thread.sleep(100);
		}
	}

	private static double ms(Histogram histogram, double percentile) {
		return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	private static void write(List<Result> results) throws IOException {
		Path directory = Path.of("target/e2e");
		Files.createDirectories(directory);
		StringBuilder csv = new StringBuilder("broker,rate,sent,samples,percentile,latency_ms,throughput\n");
		StringBuilder bars = new StringBuilder();
		double top = results.stream().mapToDouble(result -> ms(result.latency, 99.9)).filter(v -> !Double.isNaN(v)).max().orElse(1);
		int y = 30;
		for (Result result : results) {
			for (double percentile : PERCENTILES) {
				double value = ms(result.latency, percentile);
				csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%.3f,%.0f%n", result.broker, result.rate, result.sent,
						result.latency.getTotalCount(), percentile, value, result.throughput));
				if (percentile < 100 && !Double.isNaN(value)) {
					int width = (int) Math.max(1, 600 * Math.min(value, top) / top);
					bars.append(String.format(Locale.ROOT,
							"<text x='0' y='%d'>%s %,d/s p%s</text><rect x='190' y='%d' width='%d' height='14' fill='%s'/><text x='%d' y='%d'>%.1f ms</text>%n",
							y + 11, result.broker, result.rate, percentile == 99.9 ? "99.9" : String.valueOf((int) percentile), y, width,
							result.broker.equals("kafka") ? "#4e79a7" : "#f28e2b", 196 + width, y + 11, value));
					y += 18;
				}
			}
			y += 10;
		}
		Files.writeString(directory.resolve("latency.csv"), csv);
		Files.writeString(directory.resolve("latency.html"), """
				<!doctype html><meta charset="utf-8"><title>Onramp end to end latency</title>
				<h1>POST /v1/events to the decision on the open page (SSE)</h1>
				<svg width="900" height="%d" font-family="sans-serif" font-size="12">
				%s</svg>
				<p>From <code>benchmarks/target/e2e/latency.csv</code>.</p>
				""".formatted(y + 10, bars));
		System.out.println("  wrote " + directory.toAbsolutePath().resolve("latency.csv") + " and latency.html");
	}

	/**
	 * The warm-up's users, a new cohort of them for every stretch as long as the measured run, each with the
	 * first {@code pages} users' pages open. New users keep arriving in production, and the measured run's users
	 * are all new: with one cohort for the whole warm-up, the compiled code had seen only users deep into their
	 * sessions, and the measured run's first events made it compile again.
	 */
	private static final class WarmUpCohorts implements AutoCloseable {

		private final LocalPipeline pipeline;

		private final int pages;

		private final int slicesPerCohort;

		private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

		private int slices;

		private int cohort = -1;

		private long firstRequest;

		private long requests;

		private List<SseClient> open = List.of();

		private AtomicBoolean reading = new AtomicBoolean();

		WarmUpCohorts(LocalPipeline pipeline, int pages, int seconds) {
			this.pipeline = pipeline;
			this.pages = pages;
			this.slicesPerCohort = Math.max(1, Math.round(seconds / (float) JitWarmup.SLICE_SECONDS));
		}

		/** The user id prefix for the slice that starts at request {@code offset}, a new cohort's when one is due. */
		String next(long offset) throws IOException, InterruptedException {
			if (slices++ % slicesPerCohort == 0) {
				close();
				cohort++;
				firstRequest = offset;
				requests = 0;
				reading = new AtomicBoolean(true);
				open = openPages(pipeline, lastCohort(), pages, sentAt, new ConcurrentHistogram(3), new ConcurrentHistogram(3),
						new ConcurrentHistogram(3), reading);
			}
			return lastCohort();
		}

		/** The number of the current cohort's first request. */
		long firstRequest() {
			return firstRequest;
		}

		void answered(long answered) {
			requests += answered;
		}

		/** The current (at the end, the last) cohort's user id prefix. */
		String lastCohort() {
			return WARM_UP + cohort + "-";
		}

		long lastCohortRequests() {
			return requests;
		}

		Map<String, Long> sentAt() {
			return sentAt;
		}

		@Override
		public void close() throws IOException {
			reading.set(false);
			for (SseClient page : open) {
				page.close();
			}
			open = List.of();
			sentAt.clear();
		}

	}

	private record Result(String broker, int rate, long sent, Histogram latency, double throughput) {
	}

}
