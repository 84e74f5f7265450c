package io.onramp.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureRegistry;
import io.onramp.stream.StreamHeaders;

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

	/** Applies each event to its user's features and emits the features, keyed by user. */
	@Bean
	Function<Event, Message<FeatureUpdate>> aggregateFeatures(RedisFeatureStore featureStore, HistoryWriter history,
			MeterRegistry meters) {
		Counter late = Counter.builder("onramp.aggregator.late.events")
			.description("Events that arrived later than the allowed lateness and counted in lifetime features only")
			.register(meters);
		return event -> {
			RedisFeatureStore.Applied applied = featureStore.apply(event);
			if (applied.late()) {
				late.increment();
			}
			FeatureUpdate update = applied.update();
			history.write(update.userId(), event, applied.change());
			return MessageBuilder.withPayload(update).setHeader(StreamHeaders.PARTITION_KEY, update.userId()).build();
		};
	}

}
