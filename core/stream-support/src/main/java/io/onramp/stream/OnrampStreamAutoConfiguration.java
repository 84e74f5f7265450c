package io.onramp.stream;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binder.PartitionKeyExtractorStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

import io.onramp.contracts.RedisKeys;

/** Shared beans and defaults ({@code onramp/stream-defaults.properties}) of the Onramp stream apps. */
@AutoConfiguration
@EnableConfigurationProperties(OnrampStreamProperties.class)
@PropertySource("classpath:onramp/stream-defaults.properties")
public class OnrampStreamAutoConfiguration {

	@Bean
	RedisKeys redisKeys(OnrampStreamProperties properties) {
		return new RedisKeys(properties.getRedisKeyPrefix());
	}

	/**
	 * The partition key of every Onramp message, its {@value StreamHeaders#PARTITION_KEY} header, read
	 * without evaluating an expression per message. Producers name it with
	 * {@code producer.partition-key-extractor-name=userPartitionKey}.
	 */
	@Bean
	PartitionKeyExtractorStrategy userPartitionKey() {
		return message -> message.getHeaders().get(StreamHeaders.PARTITION_KEY);
	}

}
