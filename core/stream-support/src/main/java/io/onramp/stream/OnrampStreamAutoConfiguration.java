package io.onramp.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.binder.PartitionKeyExtractorStrategy;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.messaging.Message;

import io.onramp.contracts.RedisKeys;

/** Shared beans and defaults ({@code onramp/stream-defaults.properties}) of the Onramp stream apps. */
@AutoConfiguration
@EnableConfigurationProperties(OnrampStreamProperties.class)
@PropertySource("classpath:onramp/stream-defaults.properties")
public class OnrampStreamAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OnrampStreamAutoConfiguration.class);

	/** The name producers give the {@link #userPartitionKey()} extractor. */
	private static final String USER_PARTITION_KEY = "userPartitionKey";

	@Bean
	RedisKeys redisKeys(OnrampStreamProperties properties) {
		return new RedisKeys(properties.getRedisKeyPrefix());
	}

	/**
	 * The partition key of every Onramp message, its {@value StreamHeaders#PARTITION_KEY} header, read
	 * without evaluating an expression per message. Producers name it with
	 * {@code producer.partition-key-extractor-name=userPartitionKey}.
	 */
	@Bean(USER_PARTITION_KEY)
	PartitionKeyExtractorStrategy userPartitionKey() {
		return OnrampStreamAutoConfiguration::partitionKey;
	}

	private static Object partitionKey(Message<?> message) {
		return message.getHeaders().get(StreamHeaders.PARTITION_KEY);
	}

	/**
	 * On Kafka, the records of every binding partitioned by {@code userPartitionKey} have the user as their
	 * key, and go to the partition the binder chose, both read from the message's headers by a function. The
	 * binder's own way is two SpEL expressions evaluated per record ({@code message-key-expression} and the
	 * one it sets for the partition), which were an eighth of the feature aggregator's consumer thread; a
	 * {@code message-key-expression} set on such a binding is replaced.
	 */
	@Bean
	ProducerMessageHandlerCustomizer<KafkaProducerMessageHandler<?, ?>> kafkaUserKeys(BindingServiceProperties bindings) {
		return (handler, destination) -> {
			if (userPartitioned(bindings, destination)) {
				handler.setMessageKeyExpression(new FunctionExpression<Message<?>>(OnrampStreamAutoConfiguration::partitionKey));
				handler.setPartitionIdExpression(new FunctionExpression<Message<?>>(
						message -> message.getHeaders().get(BinderHeaders.PARTITION_HEADER)));
			}
		};
	}

	/** Whether a binding whose destination this is partitions by {@code userPartitionKey}. */
	private static boolean userPartitioned(BindingServiceProperties bindings, String destination) {
		return bindings.getBindings().values().stream().anyMatch(binding -> destination.equals(binding.getDestination())
				&& binding.getProducer() != null
				&& USER_PARTITION_KEY.equals(binding.getProducer().getPartitionKeyExtractorName()));
	}

	/**
	 * {@code onramp.stream.kafka-consumers} consumer threads on each Kafka input binding. (The binding's own
	 * {@code concurrency} would apply on RabbitMQ too, where competing consumers on one queue would reorder
	 * a user's messages; a customizer typed to Kafka's containers is applied to those only.)
	 */
	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> kafkaConsumers(OnrampStreamProperties properties) {
		return (container, destination, group) -> {
			if (properties.getKafkaConsumers() > 1 && container instanceof ConcurrentMessageListenerContainer<?, ?> kafka) {
				kafka.setConcurrency(properties.getKafkaConsumers());
				log.info("{} Kafka consumer threads on {}", properties.getKafkaConsumers(), destination);
			}
		};
	}

	/** The RabbitMQ client in NIO mode when {@code onramp.stream.rabbit-nio} says so. */
	@Bean
	ConnectionFactoryCustomizer rabbitNio(OnrampStreamProperties properties) {
		return factory -> {
			if (properties.isRabbitNio()) {
				factory.useNio();
				log.info("RabbitMQ client in NIO mode");
			}
		};
	}

	/**
	 * On RabbitMQ a consumer batch closes when it is full or when {@code onramp.stream.rabbit-batch-max-wait}
	 * has passed since its first message, so a trickle of messages is not held back waiting for a full batch.
	 */
	@Bean
	ListenerContainerCustomizer<MessageListenerContainer> rabbitBatchMaxWait(OnrampStreamProperties properties) {
		return (container, destination, group) -> {
			if (container instanceof SimpleMessageListenerContainer rabbit) {
				rabbit.setBatchReceiveTimeout(properties.getRabbitBatchMaxWait().toMillis());
			}
		};
	}

}
