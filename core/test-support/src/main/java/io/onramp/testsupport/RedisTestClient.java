package io.onramp.testsupport;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A {@link StringRedisTemplate} on the test Redis, for tests that work on Redis without a Spring context. */
public final class RedisTestClient implements AutoCloseable {

	private final LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate template;

	public RedisTestClient() {
		this(TestServices.redis());
	}

	/** On another Redis (a fault drill's own, say). */
	public RedisTestClient(Endpoints.Redis endpoint) {
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		template = new StringRedisTemplate(connectionFactory);
	}

	public StringRedisTemplate template() {
		return template;
	}

	public LettuceConnectionFactory connectionFactory() {
		return connectionFactory;
	}

	/** Deletes every key under a prefix, as a test cleans up after itself. */
	public void deletePrefix(String prefix) {
		template.delete(template.keys(prefix + ":*"));
	}

	@Override
	public void close() {
		connectionFactory.destroy();
	}

}
