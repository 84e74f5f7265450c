package io.onramp.aggregator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Processor app: events in, feature updates out, features kept in Redis. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(AggregatorProperties.class)
// Named defaults file, so several apps can share one classpath (see event-capture-source).
@PropertySource("classpath:onramp/apps/feature-aggregator.properties")
public class FeatureAggregatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(FeatureAggregatorApplication.class, args);
	}

}
