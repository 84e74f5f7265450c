package io.onramp.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts records on, and reads records from, a stream destination the way Onramp's apps name them, on Kafka
 * (a topic) or RabbitMQ (a topic exchange), with plain broker clients, so a test or benchmark can drive an
 * app from outside and see what it emits.
 */
public interface BrokerClient extends AutoCloseable {

	/** A client for the binder ({@code kafka} or {@code rabbit}) of this machine's broker. */
	static BrokerClient of(String binder) {
		return switch (binder) {
			case "kafka" -> new KafkaClient(TestServices.kafka());
			case "rabbit" -> new RabbitClient(TestServices.rabbit());
			default -> throw new IllegalArgumentException("Unknown binder " + binder + " (kafka or rabbit)");
		};
	}

	/**
	 * Makes sure records sent to {@code destination} from now on wait for the consumer group {@code group}
	 * even before its app has started: on RabbitMQ declares the group's durable queue as the binder would
	 * (with its dead-letter queue); on Kafka nothing is needed when the app reads from the earliest offset.
	 */
	void prepareGroup(String destination, String group) throws Exception;

	/** Sends the records (key and JSON payload) and returns once the broker has confirmed them all. */
	void send(String destination, List<Keyed> records) throws Exception;

	/** Starts collecting what is sent to {@code destination} from now on. */
	Subscription subscribe(String destination) throws Exception;

	/** Removes what {@link #prepareGroup} declared. */
	void deleteGroup(String destination, String group) throws Exception;

	/**
	 * A record: its key (the user) and payload.
	 *
	 * @param key the partition key
	 * @param payload the JSON body
	 */
	record Keyed(String key, byte[] payload) {
	}

	/** Records received on one destination. */
	interface Subscription extends AutoCloseable {

		/** Waits for the next record's payload, or returns {@code null} after the timeout. */
		byte[] poll(Duration timeout) throws InterruptedException;

		/** Waits until {@code count} payloads arrived or the timeout passed; returns what arrived. */
		default List<byte[]> take(int count, Duration timeout) throws InterruptedException {
			List<byte[]> received = new ArrayList<>();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (received.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				byte[] next = poll(Duration.ofNanos(left));
				if (next != null) {
					received.add(next);
				}
			}
			return received;
		}

		@Override
		void close();

	}

	final class KafkaClient implements BrokerClient {

		/** Partitions of the topics Onramp's apps create ({@code spring.cloud.stream.kafka.binder.min-partition-count}). */
		static final int ONRAMP_PARTITIONS = 4;

		private final Endpoints.Kafka kafka;

		private final KafkaProducer<String, byte[]> producer;

		KafkaClient(Endpoints.Kafka kafka) {
			this.kafka = kafka;
			Properties properties = new Properties();
			properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
			properties.put(ProducerConfig.ACKS_CONFIG, "all");
			properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
			this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
		}

		@Override
		public void prepareGroup(String destination, String group) throws Exception {
			// The topic as Onramp's apps create it; the app's group reads it from the earliest offset.
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic(destination, ONRAMP_PARTITIONS, (short) 1))).all().get();
				awaitLeaders(admin, destination);
			}
		}

		/**
		 * Waits until every partition of a new topic has a leader. Producing sooner gets NOT_LEADER_OR_FOLLOWER,
		 * and the idempotent producer's retry of that first batch can then be refused for ever as
		 * OUT_OF_ORDER_SEQUENCE_NUMBER (seen with the in-process KRaft broker under load).
		 */
		private static void awaitLeaders(Admin admin, String topic) throws Exception {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				TopicDescription description = describe(admin, topic);
				if (description != null && description.partitions().stream().allMatch(partition -> partition.leader() != null
						&& !partition.leader().isEmpty())) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Partitions of " + topic + " have no leader after 30 s: " + description);
				}
				Thread.sleep(50);
			}
		}

		/** The topic, or {@code null} while the broker's metadata does not know it yet (just created). */
		private static TopicDescription describe(Admin admin, String topic) throws Exception {
			try {
				return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				if (ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
					return null;
				}
				throw ex;
			}
		}

		@Override
		public void send(String destination, List<Keyed> records) throws Exception {
			List<Future<?>> sent = new ArrayList<>(records.size());
			for (Keyed record : records) {
				sent.add(producer.send(new ProducerRecord<>(destination, record.key(), record.payload())));
			}
			producer.flush();
			for (Future<?> future : sent) {
				future.get();
			}
		}

		/** A consumer of the topic from its beginning, in a group of its own. */
		private KafkaConsumer<String, byte[]> consumer(String topic) {
			Properties properties = new Properties();
			properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
			properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
			properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
					new ByteArrayDeserializer());
			consumer.subscribe(List.of(topic));
			return consumer;
		}

		/**
		 * Reads {@code count} records of a topic from its beginning, with their keys and partitions, or what
		 * arrived before the timeout.
		 */
		public List<ConsumerRecord<String, byte[]>> read(String topic, int count, Duration timeout) {
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
				long deadline = System.nanoTime() + timeout.toNanos();
				while (records.size() < count && System.nanoTime() < deadline) {
					consumer.poll(Duration.ofMillis(100)).forEach(records::add);
				}
			}
			return records;
		}

		@Override
		public Subscription subscribe(String destination) {
			KafkaConsumer<String, byte[]> consumer = consumer(destination);
			LinkedBlockingQueue<byte[]> buffer = new LinkedBlockingQueue<>();
			return new Subscription() {

				@Override
				public byte[] poll(Duration timeout) {
					long deadline = System.nanoTime() + timeout.toNanos();
					while (buffer.isEmpty() && System.nanoTime() < deadline) {
						for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
							buffer.add(record.value());
						}
					}
					return buffer.poll();
				}

				@Override
				public void close() {
					consumer.close();
				}

			};
		}

		@Override
		public void deleteGroup(String destination, String group) {
		}

		@Override
		public void close() {
			producer.close();
		}

	}

	final class RabbitClient implements BrokerClient {

		private final Connection connection;

		private final Channel channel;

		RabbitClient(Endpoints.Rabbit rabbit) {
			try {
				this.connection = rabbit.connectionFactory().newConnection();
				this.channel = connection.createChannel();
				channel.confirmSelect();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot connect to RabbitMQ at " + rabbit.host() + ":" + rabbit.port(), ex);
			}
		}

		@Override
		public void prepareGroup(String destination, String group) throws Exception {
			String queue = destination + "." + group;
			channel.exchangeDeclare(destination, "topic", true);
			channel.queueDeclare(queue, true, false, false,
					Map.of("x-dead-letter-exchange", "DLX", "x-dead-letter-routing-key", queue));
			channel.queueBind(queue, destination, "#");
		}

		@Override
		public void send(String destination, List<Keyed> records) throws Exception {
			AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
				.deliveryMode(2)
				.build();
			for (Keyed record : records) {
				channel.basicPublish(destination, record.key(), properties, record.payload());
			}
			channel.waitForConfirmsOrDie(30_000);
		}

		@Override
		public Subscription subscribe(String destination) throws Exception {
			Channel consumer = connection.createChannel();
			consumer.exchangeDeclare(destination, "topic", true);
			String queue = consumer.queueDeclare().getQueue();
			consumer.queueBind(queue, destination, "#");
			LinkedBlockingQueue<byte[]> buffer = new LinkedBlockingQueue<>();
			consumer.basicConsume(queue, true, (tag, delivery) -> buffer.add(delivery.getBody()), tag -> {
			});
			return new Subscription() {

				@Override
				public byte[] poll(Duration timeout) throws InterruptedException {
					return buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
				}

				@Override
				public void close() {
					try {
						consumer.close();
					}
					catch (Exception ex) {
						// the connection closes with the client
					}
				}

			};
		}

		@Override
		public void deleteGroup(String destination, String group) throws Exception {
			channel.queueDelete(destination + "." + group);
			channel.queueDelete(destination + "." + group + ".dlq");
			channel.exchangeDelete(destination);
		}

		@Override
		public void close() throws Exception {
			channel.close();
			connection.close();
		}

	}

}
