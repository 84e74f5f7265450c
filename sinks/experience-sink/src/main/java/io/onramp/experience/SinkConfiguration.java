package io.onramp.experience;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.onramp.contracts.RedisKeys;
import io.onramp.contracts.StreamTokens;

import static java.nio.charset.StandardCharsets.UTF_8;

@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

	@Bean
	ExperienceStore experienceStore(StringRedisTemplate redis, RedisKeys keys, SinkProperties properties) {
		return new ExperienceStore(redis, keys, properties.getExperienceTtl());
	}

	@Bean
	LiveUsers liveUsers(StringRedisTemplate redis, RedisKeys keys, SinkProperties properties) {
		return new LiveUsers(redis, keys, properties.getHeartbeatInterval(), Clock.systemUTC());
	}

	@Bean
	ExperienceStreams experienceStreams(SinkProperties properties, LiveUsers liveUsers) {
		return new ExperienceStreams(properties, liveUsers);
	}

	/** Checks the stream tokens the product's backend mints; the sink does not start without the secret. */
	@Bean
	StreamTokens streamTokens(SinkProperties properties) {
		if (properties.getStreamTokenSecret() == null || properties.getStreamTokenSecret().isBlank()) {
			throw new IllegalStateException("Set onramp.sink.stream-token-secret (at least 32 bytes, shared with the "
					+ "product's backend that mints stream tokens): pages read experiences only with a token");
		}
		return new StreamTokens(properties.getStreamTokenSecret());
	}

	/** Pages on the allowed origins may read experiences from another origin. */
	@Bean
	WebMvcConfigurer experienceCors(SinkProperties properties) {
		return new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (!properties.getAllowedOrigins().isEmpty()) {
					registry.addMapping("/v1/users/**")
						.allowedOrigins(properties.getAllowedOrigins().toArray(String[]::new))
						.allowedMethods("GET")
						.allowedHeaders("Authorization", "Last-Event-ID")
						.maxAge(3600);
				}
			}
		};
	}

	/**
	 * Every sink instance hears every decision and pushes it to the pages it holds open. Decisions are handed
	 * on in the order Redis delivers them, on the subscription's own thread (handing a decision on only
	 * parses it and queues it for its streams): the container's default executor starts a thread per
	 * message, so a user's decisions published back to back (a batch) could overtake each other, and a
	 * stream, which sends only decisions newer than its last, would skip the one overtaken.
	 */
	@Bean
	RedisMessageListenerContainer experienceListener(RedisConnectionFactory connectionFactory, RedisKeys keys,
			ExperienceStreams streams) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(new SyncTaskExecutor());
		container.addMessageListener((message, pattern) -> streams.publish(new String(message.getBody(), UTF_8)),
				new ChannelTopic(keys.experienceChannel()));
		return container;
	}

	/** Stores each decision as the user's latest experience and announces it. */
	@Bean
	Consumer<List<byte[]>> deliverExperience(ExperienceStore store, StreamBridge streamBridge, SinkProperties properties,
			MeterRegistry meters) {
		return new DeliverExperience(store, streamBridge, properties.getOutageRetry(), meters);
	}

}
