package io.onramp.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings every Onramp stream app shares. */
@ConfigurationProperties("onramp.stream")
public class OnrampStreamProperties {

	/**
	 * Prefix of every Redis key and channel Onramp uses. Deployments (or tests) that share one Redis
	 * keep apart by using different prefixes; all apps of one pipeline must use the same one.
	 */
	private String redisKeyPrefix = "onramp";

	public String getRedisKeyPrefix() {
		return redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

}
