package io.onramp.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings every Onramp stream app shares. */
@ConfigurationProperties("onramp.stream")
public class OnrampStreamProperties {

	/**
	 * Prefix of every Redis key and channel Onramp uses. Deployments (or tests) that share one Redis
	 * keep apart by using different prefixes; all apps of one pipeline must use the same one.
	 */
	private String redisKeyPrefix = "onramp";

	/**
	 * Consumer threads per Kafka input binding of an instance, so waiting on Redis or Postgres for one
	 * partition's records overlaps with the work on another's; more than the topic's partitions (4) only
	 * idle. A user's records stay on one partition, so they are still handled in order. RabbitMQ keeps one
	 * consumer per queue whatever this says (competing consumers would reorder a user's messages).
	 */
	private int kafkaConsumers = 1;

	/**
	 * On RabbitMQ, the longest a consumer batch (an input binding with {@code batch-mode} and
	 * {@code enable-batching}) waits for more messages after its first one before it is processed. Bounds
	 * the latency a batch adds under light load; a Kafka poll returns whatever has arrived.
	 */
	private Duration rabbitBatchMaxWait = Duration.ofMillis(5);

	/**
	 * Whether the RabbitMQ client uses its NIO mode: frames are queued and written by an I/O thread, which
	 * writes all that have queued up at once, rather than a socket write (a system call, and a read on the
	 * broker's side) per published message.
	 */
	private boolean rabbitNio = false;

	public boolean isRabbitNio() {
		return rabbitNio;
	}

	public void setRabbitNio(boolean rabbitNio) {
		this.rabbitNio = rabbitNio;
	}

	public String getRedisKeyPrefix() {
		return redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	public Duration getRabbitBatchMaxWait() {
		return rabbitBatchMaxWait;
	}

	public void setRabbitBatchMaxWait(Duration rabbitBatchMaxWait) {
		this.rabbitBatchMaxWait = rabbitBatchMaxWait;
	}

	public int getKafkaConsumers() {
		return kafkaConsumers;
	}

	public void setKafkaConsumers(int kafkaConsumers) {
		this.kafkaConsumers = kafkaConsumers;
	}

}
