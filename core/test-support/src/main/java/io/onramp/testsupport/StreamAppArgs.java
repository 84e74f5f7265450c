package io.onramp.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line arguments that point an Onramp stream app at this machine's services, for tests and
 * benchmarks that start an app (in-process or as a separate JVM) the way a deployer would.
 */
public final class StreamAppArgs {

	private StreamAppArgs() {
	}

	/**
	 * The broker: {@code default-binder} and the binder's connection. A Kafka consumer group that is new
	 * reads from the earliest offset, so records sent before the app started count too.
	 */
	public static List<String> broker(String binder) {
		List<String> args = new ArrayList<>(List.of("--spring.cloud.stream.default-binder=" + binder));
		if ("kafka".equals(binder)) {
			args.add("--spring.cloud.stream.kafka.binder.brokers=" + TestServices.kafka().bootstrapServers());
			args.add("--spring.cloud.stream.kafka.bindings.input.consumer.start-offset=earliest");
		}
		else {
			Endpoints.Rabbit rabbit = TestServices.rabbit();
			args.add("--spring.rabbitmq.host=" + rabbit.host());
			args.add("--spring.rabbitmq.port=" + rabbit.port());
		}
		return args;
	}

	/** Redis, with every key under {@code namespace}. */
	public static List<String> redis(String namespace) {
		Endpoints.Redis redis = TestServices.redis();
		return List.of("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--onramp.stream.redis-key-prefix=" + namespace);
	}

	/** Postgres, in the schema {@code namespace} (created here; drop it with {@link Endpoints.Postgres#dropSchema}). */
	public static List<String> postgres(String namespace) {
		Endpoints.Postgres postgres = TestServices.postgres();
		return List.of("--spring.datasource.url=" + postgres.createSchema(namespace),
				"--spring.datasource.username=" + postgres.username(), "--spring.datasource.password=" + postgres.password());
	}

	/** The input and output destinations, named after {@code namespace}. */
	public static List<String> destinations(String input, String output) {
		return List.of("--spring.cloud.stream.bindings.input.destination=" + input,
				"--spring.cloud.stream.bindings.output.destination=" + output);
	}

}
