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

	/** Registers the real Postgres, with a schema of this test class's own. */
	public static void postgres(DynamicPropertyRegistry registry, String isolationName) {
		postgres(registry, isolationName, null);
	}

	/**
	 * The same, with connections through {@code proxy} (a {@link TcpProxy} to the test Postgres), for tests of
	 * what an app does while its database is gone.
	 */
	public static void postgres(DynamicPropertyRegistry registry, String isolationName, TcpProxy proxy) {
		Endpoints.Postgres postgres = TestServices.postgres();
		String schema = TestServices.uniqueName(isolationName);
		String direct = postgres.createSchema(schema);
		String url = proxy == null ? direct : direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> postgres.dropSchema(schema), "onramp-test-drop-schema"));
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", postgres::username);
		registry.add("spring.datasource.password", postgres::password);
	}

}
