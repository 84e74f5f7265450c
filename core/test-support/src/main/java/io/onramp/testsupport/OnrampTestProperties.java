package io.onramp.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring Boot test of an Onramp app at the real services, isolated for that test class. */
public final class OnrampTestProperties {

	private OnrampTestProperties() {
	}

	/**
	 * Registers the real Redis and a Redis key prefix of this test class's own, so its data never meets
	 * another test's. Use from a {@code @DynamicPropertySource} method.
	 */
	public static void redis(DynamicPropertyRegistry registry, String isolationName) {
		String prefix = TestServices.uniqueName(isolationName);
		registry.add("spring.data.redis.host", () -> TestServices.redis().host());
		registry.add("spring.data.redis.port", () -> TestServices.redis().port());
		registry.add("onramp.stream.redis-key-prefix", () -> prefix);
	}

}
