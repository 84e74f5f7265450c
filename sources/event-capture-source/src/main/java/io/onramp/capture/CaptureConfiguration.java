package io.onramp.capture;

import java.time.Clock;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.onramp.contracts.EventSchema;

@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

	@Bean
	EventSchema eventSchema() {
		return EventSchema.current();
	}

	@Bean
	EventIntake eventIntake(EventSchema schema, CaptureProperties properties) {
		return new EventIntake(schema, Clock.systemUTC(), properties.getMaxBatchSize());
	}

	@Bean
	EventPublisher eventPublisher(StreamBridge streamBridge, CaptureProperties properties, Environment environment) {
		return new EventPublisher(streamBridge, "rabbit".equals(outputBinder(environment)), properties.getAckTimeout());
	}

	/** The binder the output binding uses: its own setting, else the default binder. */
	private static String outputBinder(Environment environment) {
		return environment.getProperty("spring.cloud.stream.bindings." + EventPublisher.BINDING + ".binder",
				environment.getProperty("spring.cloud.stream.default-binder", "kafka"));
	}

	/** Pages on the allowed origins may post events from the browser. */
	@Bean
	WebMvcConfigurer captureCors(CaptureProperties properties) {
		return new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (!properties.getAllowedOrigins().isEmpty()) {
					registry.addMapping("/v1/events")
						.allowedOrigins(properties.getAllowedOrigins().toArray(String[]::new))
						.allowedMethods("POST")
						.allowedHeaders("Content-Type", "Content-Encoding")
						.maxAge(3600);
				}
			}
		};
	}

}
