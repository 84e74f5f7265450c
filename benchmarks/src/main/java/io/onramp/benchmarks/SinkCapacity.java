package io.onramp.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.contracts.StreamTokens;
import io.onramp.experience.ExperienceSinkApplication;
import io.onramp.testsupport.AppProcess;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

/**
 * How many SSE streams one experience sink holds, and how fast decisions reach them at that load; then
 * {@code GET /v1/users/{id}/experience} at 5,000 requests per second beside redis-benchmark GET.
 *
 * <p>The sink runs as its own JVM (as deployed; it also needs its own file descriptors). This JVM opens the
 * streams from one NIO selector thread, then announces decisions the way the sink's store does (SET and
 * PUBLISH on Redis) at a fixed rate to random open users, and measures from each decision's
 * {@code decidedAt} to its arrival on the stream.
 */
final class SinkCapacity {

	private static final String SECRET = "benchmark-secret-of-at-least-32-bytes";

	private SinkCapacity() {
	}

	static void run(int streams) throws Exception {
		String namespace = TestServices.uniqueName("sink_capacity");
		RedisKeys keys = new RedisKeys(namespace);
		Endpoints.Redis redisEndpoint = TestServices.redis();
		AppProcess sink = startSink(namespace, redisEndpoint);
		int port = sink.port();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(redisEndpoint.host(), redisEndpoint.port());
		connections.afterPropertiesSet();
		connections.start();
		StringRedisTemplate redis = new StringRedisTemplate(connections);
		StringBuilder report = new StringBuilder();
		try {
			StreamTokens tokens = new StreamTokens(SECRET);
			// First the single read, on a sink with no streams open yet.
			String getExperience = getExperience(port, tokens, redis, keys);
			StreamClients clients = new StreamClients(port);
			long opening = System.nanoTime();
			for (int i = 0; i < streams; i++) {
				String user = "user-" + i;
				clients.open(user, tokens.mint(user, Duration.ofHours(1)));
				if (i % 500 == 499) {
					clients.awaitConnected(i + 1, Duration.ofSeconds(60));
				}
			}
			int connected = clients.awaitConnected(streams, Duration.ofSeconds(60));
			report.append(String.format("Open SSE streams held by one sink: %,d of %,d opened in %.1f s; sink heap used %s%n",
					connected, streams, (System.nanoTime() - opening) / 1e9, heapUsed(port)));

			int rate = 1_000;
			int seconds = 10;
			publish(redis, keys, streams, rate, 2, clients, null);
			ConcurrentHistogram latency = new ConcurrentHistogram(3);
			clients.measure(latency);
			int sent = publish(redis, keys, streams, rate, seconds, clients, latency);
			Thread.sleep(1_000);
			clients.measure(null);
			report.append(String.format("Decision -> SSE delivery with %,d streams open, %,d decisions/s for %d s: "
					+ "%,d of %,d delivered, p50 %.1f ms, p99 %.1f ms, max %.1f ms; streams still open %,d%n", connected, rate,
					seconds, latency.getTotalCount(), sent, latency.getValueAtPercentile(50) / 1000.0,
					latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, clients.open()));
			clients.close();
			report.append(getExperience);
		}
		finally {
			sink.close();
			redis.delete(redis.keys(namespace + ":*"));
			connections.destroy();
		}
		System.out.println();
		System.out.print(report);
		System.out.println("  targets: 10,000 streams per sink instance");
		System.exit(0);
	}

	/** Announces decisions to random open users at a fixed rate; returns how many. */
	private static int publish(StringRedisTemplate redis, RedisKeys keys, int users, int rate, int seconds,
			StreamClients clients, Histogram measured) {
		long period = 1_000_000_000L / rate;
		long start = System.nanoTime();
		int count = rate * seconds;
		for (int i = 0; i < count; i++) {
			LockSupport.parkNanos(start + i * period - System.nanoTime());
			String user = "user-" + ThreadLocalRandom.current().nextInt(users);
			long version = clients.nextVersion();
			ExperienceDecision decision = new ExperienceDecision(user,
					new Experience(i % 2 == 0 ? "compact" : "standard", "low", null, null, null), List.of(), 1,
					"bench-" + i, version, Instant.now(), Instant.now(), Instant.now());
			String json = OnrampJson.mapper().writeValueAsString(decision);
			redis.opsForValue().set(keys.experience(user), json);
			redis.convertAndSend(keys.experienceChannel(), json);
		}
		return count;
	}

	/** GET experience at a fixed 5,000 requests/s, beside redis-benchmark GET. */
	private static String getExperience(int port, StreamTokens tokens, StringRedisTemplate redis, RedisKeys keys)
			throws InterruptedException {
		List<String> authorizations = new ArrayList<>();
		for (int u = 0; u < 100; u++) {
			String user = "user-" + u;
			authorizations.add("Bearer " + tokens.mint(user, Duration.ofHours(1)));
			redis.opsForValue().set(keys.experience(user), OnrampJson.mapper().writeValueAsString(new ExperienceDecision(user,
					new Experience("compact", "low", null, null, null), List.of(), 1, "seed", 1, Instant.now(), Instant.now(),
					Instant.now())));
		}
		int rate = 5_000;
		int seconds = 10;
		// A fresh JVM: warm it up (JIT) at the same rate first.
		HttpLoad.get(port, rate, 10, k -> "/v1/users/user-" + (k % 100) + "/experience",
				k -> authorizations.get((int) (k % 100)), null);
		ConcurrentHistogram histogram = new ConcurrentHistogram(3);
		HttpLoad.get(port, rate, seconds, k -> "/v1/users/user-" + (k % 100) + "/experience",
				k -> authorizations.get((int) (k % 100)), histogram);
		RedisBenchmark yardstick = RedisBenchmark.get();
		double p99 = histogram.getValueAtPercentile(99) / 1000.0;
		return String.format("GET /v1/users/{id}/experience at %,d req/s for %d s (%,d requests): p50 %.2f ms, p99 %.2f ms, "
				+ "max %.2f ms%n%s%nratio of p99s (GET experience / redis-benchmark GET): %.1f%n", rate, seconds,
				histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0, p99, histogram.getMaxValue() / 1000.0,
				yardstick.summary(), p99 / yardstick.p99Millis());
	}

	/** The sink's used heap after a full GC would be ideal; this is the current figure, from its metrics. */
	private static String heapUsed(int port) {
		try {
			HttpResponse<String> metric = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
					URI.create("http://localhost:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap")).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = metric.body();
			int at = body.indexOf("\"value\":");
			double bytes = Double.parseDouble(body.substring(at + 8, body.indexOf('}', at)).strip());
			return String.format("%.0f MiB", bytes / (1024 * 1024));
		}
		catch (Exception ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

	private static AppProcess startSink(String namespace, Endpoints.Redis redis) throws Exception {
		// About 110 KiB of heap per open stream, nearly all Tomcat's per-connection buffers.
		return AppProcess.start(ExperienceSinkApplication.class, System.getProperty("sink.heap", "2g"),
				List.of("--server.tomcat.max-connections=20000", "--server.tomcat.accept-count=1000",
						"--spring.main.banner-mode=off", "--logging.level.root=WARN",
						"--management.endpoints.web.exposure.include=health,metrics",
						"--spring.cloud.stream.kafka.binder.brokers=" + TestServices.kafka().bootstrapServers(),
						"--spring.cloud.stream.bindings.input.destination=" + namespace + ".decisions",
						"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
						"--onramp.stream.redis-key-prefix=" + namespace, "--onramp.sink.stream-token-secret=" + SECRET,
						AppProcess.STREAM_APP_BESIDE_RULES_ADMIN));
	}

	/**
	 * Many SSE streams on one selector thread: opens them, decodes the chunked event streams and records,
	 * for each {@code experience} event, the time since the decision's {@code decidedAt}.
	 */
	private static final class StreamClients implements AutoCloseable {

		private final int port;

		private final Selector selector;

		private final Thread loop;

		private final AtomicInteger connected = new AtomicInteger();

		private final AtomicInteger openStreams = new AtomicInteger();

		private final Queue<SocketChannel> toRegister = new ConcurrentLinkedQueue<>();

		private final Map<SocketChannel, Stream> channelStreams = new ConcurrentHashMap<>();

		private final AtomicLong versions = new AtomicLong();

		private volatile Histogram latency;

		private volatile boolean running = true;

		StreamClients(int port) throws IOException {
			this.port = port;
			this.selector = Selector.open();
			this.loop = new Thread(this::run, "sse-clients");
			loop.setDaemon(true);
			loop.start();
		}

		long nextVersion() {
			return versions.incrementAndGet();
		}

		void measure(Histogram histogram) {
			this.latency = histogram;
		}

		int open() {
			return openStreams.get();
		}

		void open(String user, String token) throws IOException {
			SocketChannel channel = SocketChannel.open();
			channel.configureBlocking(false);
			channel.connect(new InetSocketAddress("localhost", port));
			Stream stream = new Stream("GET /v1/users/" + user + "/experience/stream?access_token=" + token
					+ " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
			channelStreams.put(channel, stream);
			toRegister.add(channel);
			selector.wakeup();
		}

		int awaitConnected(int count, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (connected.get() < count && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			return connected.get();
		}

		private void run() {
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			while (running) {
				try {
					for (SocketChannel channel = toRegister.poll(); channel != null; channel = toRegister.poll()) {
						channel.register(selector, SelectionKey.OP_CONNECT, channelStreams.get(channel));
					}
					selector.select(100);
					for (SelectionKey key : selector.selectedKeys()) {
						SocketChannel channel = (SocketChannel) key.channel();
						Stream stream = (Stream) key.attachment();
						try {
							if (key.isConnectable()) {
								channel.finishConnect();
								channel.write(ByteBuffer.wrap(stream.request.getBytes(StandardCharsets.US_ASCII)));
								key.interestOps(SelectionKey.OP_READ);
								openStreams.incrementAndGet();
							}
							else if (key.isReadable()) {
								buffer.clear();
								int read = channel.read(buffer);
								if (read < 0) {
									key.cancel();
									channel.close();
									openStreams.decrementAndGet();
									continue;
								}
								buffer.flip();
								while (buffer.hasRemaining()) {
									stream.accept(buffer.get());
								}
							}
						}
						catch (IOException ex) {
							key.cancel();
							channel.close();
							openStreams.decrementAndGet();
						}
					}
					selector.selectedKeys().clear();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}

		@Override
		public void close() throws IOException {
			running = false;
			selector.wakeup();
			for (SocketChannel channel : channelStreams.keySet()) {
				channel.close();
			}
			selector.close();
		}

		/** Decodes one response: headers, then chunks, then SSE lines. */
		private final class Stream {

			private final String request;

			private final StringBuilder line = new StringBuilder();

			private final StringBuilder sseLine = new StringBuilder();

			private static final int HEADERS = 0;

			private static final int CHUNK_SIZE = 1;

			private static final int CHUNK_DATA = 2;

			private static final int CHUNK_END = 3;

			private int state = HEADERS;

			private long chunkLeft;

			private String event;

			private String data;

			Stream(String request) {
				this.request = request;
			}

			void accept(byte b) {
				if (state == CHUNK_DATA) {
					sse(b);
					if (--chunkLeft == 0) {
						state = CHUNK_END;
					}
					return;
				}
				if (b == '\r') {
					return;
				}
				if (b != '\n') {
					line.append((char) b);
					return;
				}
				String text = line.toString();
				line.setLength(0);
				if (state == HEADERS) {
					state = text.isEmpty() ? CHUNK_SIZE : HEADERS;
				}
				else if (state == CHUNK_SIZE && !text.isEmpty()) {
					chunkLeft = Long.parseLong(text.split(";")[0].strip(), 16);
					state = chunkLeft == 0 ? CHUNK_END : CHUNK_DATA;
				}
				else if (state == CHUNK_END) {
					state = CHUNK_SIZE;
				}
			}

			private void sse(byte b) {
				if (b != '\n') {
					sseLine.append((char) b);
					return;
				}
				String text = sseLine.toString();
				sseLine.setLength(0);
				if (text.isEmpty()) {
					dispatch();
				}
				else if (text.startsWith(":connected")) {
					connected.incrementAndGet();
				}
				else if (text.startsWith("event:")) {
					event = text.substring(6).strip();
				}
				else if (text.startsWith("data:")) {
					data = text.substring(5).strip();
				}
			}

			private void dispatch() {
				Histogram histogram = latency;
				if ("experience".equals(event) && data != null && histogram != null) {
					int at = data.indexOf("\"decidedAt\":\"");
					if (at >= 0) {
						Instant decided = Instant.parse(data.substring(at + 13, data.indexOf('"', at + 13)));
						Duration took = Duration.between(decided, Instant.now());
						histogram.recordValue(Math.max(0, took.toNanos() / 1_000));
					}
				}
				event = null;
				data = null;
			}

		}

	}

}
