package io.onramp.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;

import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureRegistry;

@Configuration(proxyBeanMethods = false)
class AggregatorConfiguration {

	@Bean
	FeatureRegistry featureRegistry(AggregatorProperties properties) {
		try {
			return FeatureRegistry.read(properties.getRegistry().getContentAsString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the feature registry " + properties.getRegistry(), ex);
		}
	}

	@Bean
	RedisFeatureStore featureStore(StringRedisTemplate redis, RedisKeys keys, AggregatorProperties properties,
			FeatureRegistry registry) {
		return new RedisFeatureStore(redis, keys, properties, registry);
	}

	@Bean
	UserErasure userErasure(StringRedisTemplate redis, RedisKeys keys) {
		return new UserErasure(redis, keys);
	}

	@Bean
	HistoryWriter historyWriter(JdbcTemplate jdbc, AggregatorProperties properties) {
		return new HistoryWriter(jdbc, properties.getHistoryRetention(), Clock.systemUTC());
	}

	@Bean
	FeatureClient featureClient(StringRedisTemplate redis, RedisKeys keys, FeatureRegistry registry) {
		return new FeatureClient(redis, keys, registry);
	}

	/** Applies each batch of events to the users' features and emits the features, one JSON message per event, keyed by user. */
	@Bean
	Function<List<byte[]>, List<Message<byte[]>>> aggregateFeatures(RedisFeatureStore featureStore,
			HistoryWriter history, StreamBridge streamBridge, AggregatorProperties properties, MeterRegistry meters) {
		return new FeatureAggregation(featureStore, history, streamBridge, properties.getOutageRetry(), meters);
	}

}
