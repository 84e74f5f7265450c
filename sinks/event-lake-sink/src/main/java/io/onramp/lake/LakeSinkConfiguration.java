package io.onramp.lake;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.onramp.stream.RejectedRecords;

@Configuration(proxyBeanMethods = false)
class LakeSinkConfiguration {

	@Bean(destroyMethod = "")
	LakeTarget lakeTarget(LakeProperties properties) {
		return switch (properties.getTarget()) {
			case LOCAL -> new LocalLakeTarget(properties.getDirectory());
			case S3 -> new S3LakeTarget(S3LakeTarget.client(properties.getS3()), properties.getS3().getBucket(),
					properties.getS3().getPrefix());
		};
	}

	@Bean
	LakeWriter lakeWriter(LakeTarget target, LakeProperties properties, MeterRegistry meters,
			@Value("${spring.cloud.stream.instance-index:0}") int instanceIndex) {
		return new LakeWriter(target, stagingDirectory(properties, instanceIndex), properties, Clock.systemUTC(), meters);
	}

	@Bean
	LakeHealthIndicator lakeHealthIndicator(LakeWriter writer) {
		return new LakeHealthIndicator(writer);
	}

	/** Raw events into the lake. */
	@Bean
	LakeSink writeLake(LakeWriter writer, StreamBridge streamBridge, MeterRegistry meters) {
		return new LakeSink(writer, new RejectedRecords(streamBridge, meters, "onramp.lake.rejected.records"));
	}

	private static Path stagingDirectory(LakeProperties properties, int instanceIndex) {
		if (properties.getStagingDirectory() != null) {
			return properties.getStagingDirectory();
		}
		Path base = switch (properties.getTarget()) {
			case LOCAL -> properties.getDirectory().resolve("_staging");
			case S3 -> Path.of(System.getProperty("java.io.tmpdir"), "onramp-lake-staging");
		};
		return base.resolve("instance-" + instanceIndex);
	}

}
