package io.onramp.lake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;

/** Sink app: raw events in, Parquet files out, on a local directory or S3-compatible object storage. */
@SpringBootApplication
@EnableConfigurationProperties(LakeProperties.class)
// Named defaults file, so several apps can share one classpath (see event-capture-source).
@PropertySource("classpath:onramp/apps/event-lake-sink.properties")
public class EventLakeSinkApplication {

	public static void main(String[] args) {
		SpringApplication.run(EventLakeSinkApplication.class, args);
	}

}
