package io.onramp.aggregator;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.RedisTestClient;
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

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void connect() {
		client = new RedisTestClient();
		redis = client.template();
	}

	@AfterEach
	void stop() {
		processes.forEach(Process::destroyForcibly);
		client.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "kafka", "rabbit" })
	void noEventIsLostOrCountedTwiceWhenTheAggregatorIsKilled(String binder) throws Exception {
		String namespace = TestServices.uniqueName("crash_" + binder);
		RedisKeys keys = new RedisKeys(namespace);
		Endpoints.Postgres postgres = TestServices.postgres();
		String historyUrl = postgres.createSchema(namespace);
		List<String> args = aggregatorArgs(binder, namespace, historyUrl, postgres);
		try (EventSender sender = "kafka".equals(binder) ? new KafkaSender(namespace + ".events")
				: new RabbitSender(namespace + ".events")) {
			Aggregator first = start(args, namespace + "-1");
			sender.send(events(0, EVENTS / 2));
			awaitAtLeast(keys, EVENTS / 10, Duration.ofSeconds(60));
			// Killed mid-stream: some events applied, some in flight, some not yet read.
			first.process().destroyForcibly().waitFor();
			long killedAt = System.nanoTime();
			long countedAtKill = totalCounted(keys);
			assertThat(countedAtKill).as("killed in the middle of the stream").isLessThan(EVENTS / 2);
			sender.send(events(EVENTS / 2, EVENTS));
			start(args, namespace + "-2");
			awaitAtLeast(keys, EVENTS, Duration.ofSeconds(90));
			System.out.printf("[onramp-crash] %s: killed with %d of %d sent events applied; all %d applied %.1f s after the kill%n",
					binder, countedAtKill, EVENTS / 2, EVENTS, (System.nanoTime() - killedAt) / 1e9);
			Thread.sleep(2_000);
			assertThat(totalCounted(keys)).as("events counted, each exactly once").isEqualTo(EVENTS);
		}
		finally {
			client.deletePrefix(namespace);
			postgres.dropSchema(namespace);
		}
	}

	private List<Event> events(int from, int to) {
		List<Event> events = new ArrayList<>();
		for (int i = from; i < to; i++) {
			events.add(event(i));
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

	private List<String> aggregatorArgs(String binder, String namespace, String historyUrl, Endpoints.Postgres postgres) {
		List<String> args = new ArrayList<>(List.of("--spring.cloud.stream.default-binder=" + binder,
				"--spring.cloud.stream.bindings.input.destination=" + namespace + ".events",
				"--spring.cloud.stream.bindings.output.destination=" + namespace + ".features",
				"--spring.data.redis.host=" + TestServices.redis().host(),
				"--spring.data.redis.port=" + TestServices.redis().port(), "--onramp.stream.redis-key-prefix=" + namespace,
				"--spring.datasource.url=" + historyUrl, "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password(), "--spring.main.banner-mode=off",
				"--logging.level.root=WARN"));
		if ("kafka".equals(binder)) {
			args.add("--spring.cloud.stream.kafka.binder.brokers=" + TestServices.kafka().bootstrapServers());
			// A new group starts from the beginning of the topic, so events sent before it joined count too.
			args.add("--spring.cloud.stream.kafka.bindings.input.consumer.start-offset=earliest");
			// The restarted instance joins the group once the killed one's session has timed out; the
			// broker's minimum keeps the test short (Kafka's default is 45 s).
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000");
			args.add("--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000");
		}
		else {
			Endpoints.Rabbit rabbit = TestServices.rabbit();
			args.add("--spring.rabbitmq.host=" + rabbit.host());
			args.add("--spring.rabbitmq.port=" + rabbit.port());
		}
		return args;
	}

	private Aggregator start(List<String> args, String name) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
				"-cp", System.getProperty("java.class.path"), FeatureAggregatorApplication.class.getName(),
				"--server.port=" + port));
		command.addAll(args);
		Path log = Files.createTempFile(name, ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		processes.add(process);
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("The aggregator exited: " + Files.readString(log));
			}
			try {
				HttpResponse<String> health = http.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return new Aggregator(process, log.toFile());
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The aggregator did not start within 90 s: " + Files.readString(log));
	}

	private record Aggregator(Process process, File log) {
	}

	private interface EventSender extends AutoCloseable {

		/** Sends the events and returns once the broker has them all. */
		void send(List<Event> events) throws Exception;

	}

	private static final class KafkaSender implements EventSender {

		private final KafkaProducer<String, byte[]> producer;

		private final String topic;

		KafkaSender(String topic) {
			Properties properties = new Properties();
			properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka().bootstrapServers());
			properties.put(ProducerConfig.ACKS_CONFIG, "all");
			this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
			this.topic = topic;
		}

		@Override
		public void send(List<Event> events) throws Exception {
			List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
			for (Event event : events) {
				sent.add(producer.send(new ProducerRecord<>(topic, event.partitionKey(), OnrampJson.mapper().writeValueAsBytes(event))));
			}
			producer.flush();
			for (java.util.concurrent.Future<?> future : sent) {
				future.get();
			}
		}

		@Override
		public void close() {
			producer.close();
		}

	}

	private static final class RabbitSender implements EventSender {

		private final Connection connection;

		private final Channel channel;

		private final String exchange;

		RabbitSender(String exchange) throws Exception {
			this.connection = TestServices.rabbit().connectionFactory().newConnection();
			this.channel = connection.createChannel();
			this.exchange = exchange;
			// The binder declares the same durable topic exchange and queue; declaring them first means no
			// event sent before the aggregator starts is lost.
			channel.exchangeDeclare(exchange, "topic", true);
			Map<String, Object> dlq = Map.of("x-dead-letter-exchange", "DLX", "x-dead-letter-routing-key",
					exchange + ".feature-aggregator");
			channel.queueDeclare(exchange + ".feature-aggregator", true, false, false, dlq);
			channel.queueBind(exchange + ".feature-aggregator", exchange, "#");
			channel.confirmSelect();
		}

		@Override
		public void send(List<Event> events) throws Exception {
			for (Event event : events) {
				channel.basicPublish(exchange, event.partitionKey(), new AMQP.BasicProperties.Builder()
					.contentType("application/json").deliveryMode(2).build(), OnrampJson.mapper().writeValueAsBytes(event));
			}
			channel.waitForConfirmsOrDie(10_000);
		}

		@Override
		public void close() throws Exception {
			channel.queueDelete(exchange + ".feature-aggregator");
			channel.queueDelete(exchange + ".feature-aggregator.dlq");
			channel.exchangeDelete(exchange);
			channel.close();
			connection.close();
		}

	}

}
