package io.onramp.capture;

import java.time.Clock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.binder.rabbit.RabbitMessageChannelBinder;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.onramp.contracts.EventSchema;

@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

	@Bean
	EventSchema eventSchema() {
		return EventSchema.current();
	}

	@Bean
	EventIntake eventIntake(EventSchema schema, CaptureProperties properties) {
		return new EventIntake(schema, Clock.systemUTC(), properties.getMaxBatchSize(), properties.getMaxClockSkew());
	}

	@Bean
	EventPublisher eventPublisher(StreamBridge streamBridge, CaptureProperties properties, Environment environment,
			KafkaAcks kafkaAcks, BinderFactory binderFactory) {
		// Known once the binder exists, at the first send: the output binding's binder, else the default.
		Supplier<EventPublisher.Acknowledgement> acknowledgement = SingletonSupplier.of(() -> {
			Binder<?, ?, ?> binder;
			try {
				binder = binderFactory.getBinder(outputBinder(environment), MessageChannel.class);
			}
			catch (RuntimeException unknownName) {
				binder = binderFactory.getBinder(null, MessageChannel.class);
			}
			if (binder instanceof RabbitMessageChannelBinder) {
				return EventPublisher.Acknowledgement.RABBIT_CONFIRMS;
			}
			return binder instanceof KafkaMessageChannelBinder ? EventPublisher.Acknowledgement.KAFKA_ACKS
					: EventPublisher.Acknowledgement.NONE;
		});
		return new EventPublisher(streamBridge, acknowledgement, kafkaAcks, properties.getAckTimeout());
	}

	@Bean
	KafkaAcks kafkaAcks() {
		return new KafkaAcks();
	}

	/** Where the Kafka binder hands back each message Kafka acknowledged ({@code record-metadata-channel}). */
	@Bean
	SubscribableChannel captureSendResults(KafkaAcks kafkaAcks) {
		DirectChannel channel = new DirectChannel();
		channel.subscribe(kafkaAcks::acknowledged);
		return channel;
	}

	/** Failed sends reach the global error channel (the output binding has its error channel enabled). */
	@Bean
	ApplicationRunner kafkaSendFailures(@Qualifier("errorChannel") SubscribableChannel errorChannel, KafkaAcks kafkaAcks) {
		return arguments -> errorChannel.subscribe(kafkaAcks::failed);
	}

	/** The binder the output binding uses: its own setting, else the default binder. */
	private static String outputBinder(Environment environment) {
		return environment.getProperty("spring.cloud.stream.bindings." + EventPublisher.BINDING + ".binder",
				environment.getProperty("spring.cloud.stream.default-binder", "kafka"));
	}

	@Bean
	CaptureMetrics captureMetrics(MeterRegistry meters) {
		return new CaptureMetrics(meters);
	}

	/** The OpenAPI description at /v3/api-docs (and /swagger-ui.html): the write key as a bearer scheme. */
	@Bean
	OpenAPI captureApi() {
		return new OpenAPI().info(new Info().title("Onramp capture API").version("v1")
			.description("Send user actions to Onramp. Event schemas: GET /v1/schemas. Browser SDK: /sdk/onramp.js."))
			.components(new Components().addSecuritySchemes("writeKey",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("The application's write key")));
	}

	@Bean
	WriteKeys writeKeys(CaptureProperties properties) {
		return new WriteKeys(properties.getWriteKeys());
	}

	/**
	 * Browser pages on an origin some write key allows may post events. The preflight carries no key;
	 * the request itself is then checked against its key's origins.
	 */
	@Bean
	WebMvcConfigurer captureCors(WriteKeys writeKeys) {
		return new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (!writeKeys.allOrigins().isEmpty()) {
					registry.addMapping("/v1/events")
						.allowedOrigins(writeKeys.allOrigins().toArray(String[]::new))
						.allowedMethods("POST")
						.allowedHeaders("Content-Type", "Content-Encoding", "Authorization")
						.maxAge(3600);
				}
			}
		};
	}

}
