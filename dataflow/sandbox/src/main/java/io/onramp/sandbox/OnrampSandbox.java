package io.onramp.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import io.onramp.testsupport.Endpoints;
import io.onramp.testsupport.TestServices;

/**
 * Starts Onramp on this machine with embedded defaults: the main stream, the lake sink and rules-admin
 * (with demo users and the starter rules), on Kafka in-process (or RabbitMQ with {@code --broker=rabbit}),
 * Redis and Postgres on localhost or embedded. Shows each app as it starts, prints where everything is,
 * and runs until interrupted; Ctrl-C stops every app and the embedded services it started.
 */
public final class OnrampSandbox {

	private OnrampSandbox() {
	}

	public static void main(String[] args) throws InterruptedException {
		Broker broker = Arrays.stream(args)
			.filter(arg -> arg.startsWith("--broker="))
			.map(arg -> Broker.valueOf(arg.substring("--broker=".length()).toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElse(Broker.KAFKA);
		Endpoints.Kafka kafka = broker == Broker.KAFKA ? TestServices.kafka() : null;
		Endpoints.Rabbit rabbit = broker == Broker.RABBIT ? TestServices.findRabbit()
			.orElseThrow(() -> new IllegalStateException("--broker=rabbit needs a RabbitMQ on localhost:5672 or Docker")) : null;
		Endpoints.Redis redis = TestServices.redis();
		Endpoints.Postgres postgres = TestServices.postgres();

		System.out.printf("Starting Onramp on %s (Redis %s:%d, %s) ...%n",
				broker == Broker.KAFKA ? "Kafka " + kafka.bootstrapServers() + " (" + kafka.source() + ")"
						: "RabbitMQ " + rabbit.host() + ":" + rabbit.port(), redis.host(), redis.port(), postgres.source());
		int[] step = { 0 };
		LocalPipeline pipeline = LocalPipeline.start(new LocalPipeline.Settings(broker, kafka, rabbit, redis, postgres, "onramp", 8080,
				Path.of("onramp-lake"), true, app -> System.out.printf("  [%d/6] starting %s%n", ++step[0], app)));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			pipeline.close();
			stopped.countDown();
		}, "onramp-sandbox-stop"));

		String capture = pipeline.captureUrl().toString();
		String experience = pipeline.experienceUrl().toString();
		String token = pipeline.streamTokens().mint("u-1", Duration.ofHours(1));
		System.out.printf("""

				Onramp sandbox is up on %s (Redis %s:%d, key prefix "onramp"; feature history in Postgres schema "onramp").
				  Demo onboarding    %s   (open it in a browser; narrow the window to phone size)
				  Capture API        POST %s/v1/events
				  Features           GET  %s/v1/users/{userId}/features
				  Latest experience  GET  %s/v1/users/{userId}/experience          (needs a stream token)
				  Live experience    GET  %s/v1/users/{userId}/experience/stream   (Server-Sent Events, needs a stream token)
				  Event lake         %s   (Parquet, a file every 10 s; see README "The event lake")
				  Rules admin        %s   (sign in as ed (editor), ann (approver) or ada (admin), password %s)

				Try it:
				  curl -s -XPOST %s/v1/events -H 'Content-Type: application/json' -H 'Authorization: Bearer %s' \\
				    -d '{"type":"device_changed","userId":"u-1","occurredAt":"2026-11-27T09:00:00Z","context":{"device":"mobile"}}'
				  curl -s -H 'Authorization: Bearer %s' %s/v1/users/u-1/experience

				Ctrl-C stops it.
				%n""", broker == Broker.KAFKA ? "Kafka " + kafka.bootstrapServers() : "RabbitMQ " + rabbit.host() + ":" + rabbit.port(),
				redis.host(), redis.port(), pipeline.demoUrl(), capture, pipeline.featuresUrl(), experience, experience, pipeline.lakeDirectory(),
				pipeline.rulesAdminUrl(), LocalPipeline.DEMO_PASSWORD, capture, pipeline.writeKey(), token, experience);
		stopped.await();
	}

}
