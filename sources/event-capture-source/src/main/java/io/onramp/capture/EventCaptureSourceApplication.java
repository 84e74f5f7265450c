package io.onramp.capture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.function.observability.ObservationAutoConfiguration;
import org.springframework.context.annotation.PropertySource;

/**
 * Source app: the capture API in front of the stream.
 *
 * <p>Without Spring Cloud Function's observation of function calls: here the only function is
 * {@code StreamBridge}'s pass-through, called once per event, and timing it cost about a twelfth of the
 * request threads' CPU (JFR) for a {@code spring.cloud.function} timer nobody reads; the requests are
 * timed as {@code http.server.requests} and counted by {@link CaptureMetrics}.
 */
@SpringBootApplication(exclude = ObservationAutoConfiguration.class)
@EnableConfigurationProperties(CaptureProperties.class)
// App defaults live in a named file, not application.properties, so several apps can share a classpath
// (the sandbox runs all four in one JVM); anything set by the deployer overrides them.
@PropertySource("classpath:onramp/apps/event-capture-source.properties")
public class EventCaptureSourceApplication {

	public static void main(String[] args) {
		SpringApplication.run(EventCaptureSourceApplication.class, args);
	}

}
