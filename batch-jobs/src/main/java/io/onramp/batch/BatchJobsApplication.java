package io.onramp.batch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.task.configuration.EnableTask;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The nightly jobs: feature snapshots and drift monitoring, for a logical date. Each run of the app is a
 * Spring Cloud Task execution, as Data Flow launches and lists it.
 */
@SpringBootApplication
@EnableTask
@EnableScheduling
@EnableConfigurationProperties(DriftJobProperties.class)
@PropertySource("classpath:onramp/apps/batch-jobs.properties")
public class BatchJobsApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(BatchJobsApplication.class, args)));
	}

}
