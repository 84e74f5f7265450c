package io.onramp.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.onramp.testsupport.Ports;
import io.onramp.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/** The API answers 503 with Retry-After, never 202, for events the real broker did not take. */
class BrokerUnavailableTest {

	private static final String WRITE_KEY = "wk-broker-unavailable-test";


	private static final String EVENT = "{\"type\":\"click\",\"userId\":\"u-1\",\"occurredAt\":\"2026-11-27T09:00:00Z\"}";

	@Test
	void kafkaGoingDownTurns202Into503() throws Exception {
		// A broker of its own, so stopping it harms no other test.
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
		kafka.afterPropertiesSet();
		try (ConfigurableApplicationContext app = capture("kafka",
				"--spring.cloud.stream.kafka.binder.brokers=" + kafka.getBrokersAsString(),
				"--spring.cloud.stream.kafka.binder.producer-properties.max.block.ms=1000",
				"--spring.cloud.stream.kafka.binder.producer-properties.request.timeout.ms=1000",
				"--spring.cloud.stream.kafka.binder.producer-properties.delivery.timeout.ms=2000")) {
			assertThat(post(app).statusCode()).isEqualTo(202);

			kafka.destroy();

			HttpResponse<String> response = post(app);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		}
	}

	@Test
	void anUnreachableRabbitMqIsA503() throws Exception {
		int deadPort = Ports.free();
		try (ConfigurableApplicationContext app = capture("rabbit", "--spring.rabbitmq.port=" + deadPort)) {
			HttpResponse<String> response = post(app);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		}
	}

	private static ConfigurableApplicationContext capture(String binder, String... args) {
		String[] all = new String[args.length + 6];
		all[0] = "--server.port=0";
		all[1] = "--spring.cloud.stream.default-binder=" + binder;
		all[2] = "--spring.cloud.stream.bindings.output.destination=" + TestServices.uniqueName("unavailable_" + binder);
		all[3] = "--onramp.capture.ack-timeout=2s";
		all[4] = "--onramp.capture.write-keys.test.events-per-second=100000";
		all[5] = "--onramp.capture.write-keys.test.key-sha256=" + CaptureProperties.WriteKey.hash(WRITE_KEY);
		System.arraycopy(args, 0, all, 6, args.length);
		return new SpringApplicationBuilder(EventCaptureSourceApplication.class).run(all);
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext app) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + WRITE_KEY)
				.POST(HttpRequest.BodyPublishers.ofString(EVENT))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
