package io.onramp.aggregator;

import java.util.function.Function;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.stream.StreamHeaders;

@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

	@Bean
	RedisFeatureStore featureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties) {
		return new RedisFeatureStore(redis, keys, properties);
	}

	/** Applies each event to its user's features and emits the features, keyed by user. */
	@Bean
	Function<Event, Message<FeatureUpdate>> aggregateFeatures(RedisFeatureStore featureStore) {
		return event -> {
			FeatureUpdate update = featureStore.apply(event);
			return MessageBuilder.withPayload(update).setHeader(StreamHeaders.PARTITION_KEY, update.userId()).build();
		};
	}

}
