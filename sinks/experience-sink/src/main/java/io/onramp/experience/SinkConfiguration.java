package io.onramp.experience;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.RedisKeys;

import static java.nio.charset.StandardCharsets.UTF_8;

@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

	@Bean
	ExperienceStore experienceStore(StringRedisTemplate redis, RedisKeys keys, SinkProperties properties) {
		return new ExperienceStore(redis, keys, properties.getExperienceTtl());
	}

	@Bean
	ExperienceStreams experienceStreams(SinkProperties properties) {
		return new ExperienceStreams(properties.getStreamTimeout().toMillis());
	}

	/** Every sink instance hears every decision and pushes it to the pages it holds open. */
	@Bean
	RedisMessageListenerContainer experienceListener(RedisConnectionFactory connectionFactory, RedisKeys keys,
			ExperienceStreams streams) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.addMessageListener((message, pattern) -> streams.publish(new String(message.getBody(), UTF_8)),
				new ChannelTopic(keys.experienceChannel()));
		return container;
	}

	/** Stores each decision as the user's latest experience and announces it. */
	@Bean
	Consumer<ExperienceDecision> deliverExperience(ExperienceStore store) {
		return store::save;
	}

}
