package io.onramp.experience;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Sink app: decisions in; the latest experience served over HTTP and pushed over SSE. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SinkProperties.class)
// Named defaults file, so several apps can share one classpath (see event-capture-source).
@PropertySource("classpath:onramp/apps/experience-sink.properties")
public class ExperienceSinkApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExperienceSinkApplication.class, args);
	}

}
