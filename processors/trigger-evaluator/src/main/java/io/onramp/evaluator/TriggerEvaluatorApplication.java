package io.onramp.evaluator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Processor app: feature updates in, experience decisions out. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(EvaluatorProperties.class)
// Named defaults file, so several apps can share one classpath (see event-capture-source).
@PropertySource("classpath:onramp/apps/trigger-evaluator.properties")
public class TriggerEvaluatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(TriggerEvaluatorApplication.class, args);
	}

}
