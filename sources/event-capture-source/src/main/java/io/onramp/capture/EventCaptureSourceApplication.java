package io.onramp.capture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;

/** Source app: the capture API in front of the stream. */
@SpringBootApplication
@EnableConfigurationProperties(CaptureProperties.class)
// App defaults live in a named file, not application.properties, so several apps can share a classpath
// (the sandbox runs all four in one JVM); anything set by the deployer overrides them.
@PropertySource("classpath:onramp/apps/event-capture-source.properties")
public class EventCaptureSourceApplication {

	public static void main(String[] args) {
		SpringApplication.run(EventCaptureSourceApplication.class, args);
	}

}
