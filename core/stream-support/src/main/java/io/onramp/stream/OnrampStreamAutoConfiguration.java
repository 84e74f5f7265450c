package io.onramp.stream;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.onramp.contracts.RedisKeys;

/** Shared beans of the Onramp stream apps. */
@AutoConfiguration
@EnableConfigurationProperties(OnrampStreamProperties.class)
public class OnrampStreamAutoConfiguration {

	@Bean
	RedisKeys redisKeys(OnrampStreamProperties properties) {
		return new RedisKeys(properties.getRedisKeyPrefix());
	}

}
