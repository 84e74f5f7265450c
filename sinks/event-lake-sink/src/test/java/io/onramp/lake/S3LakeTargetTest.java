package io.onramp.lake;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.onramp.contracts.Event;

import static org.assertj.core.api.Assertions.assertThat;

/** The lake in S3-compatible object storage: S3Proxy running here, files read back with DuckDB. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class S3LakeTargetTest {

	@TempDir
	static Path work;

	private static S3ProxyServer server;

	@BeforeAll
	static void startServer() throws Exception {
		server = S3ProxyServer.start(work.resolve("s3"));
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
	}

	@Test
	void filesAreUploadedUnderTheirPartitionAndReadBack() throws Exception {
		AtomicInteger acknowledged = new AtomicInteger();
		LakeProperties properties = new LakeProperties();
		properties.setTarget(LakeProperties.Target.S3);
		properties.setRollInterval(Duration.ofHours(1));
		properties.getS3().setBucket("lake");
		try (S3Client reader = server.client();
				S3LakeTarget target = new S3LakeTarget(S3LakeTarget.client(server.properties("lake", "raw/events/")), "lake",
						"raw/events/")) {
			reader.createBucket(bucket -> bucket.bucket("lake"));
			Path staging = work.resolve("staging");
			LakeWriter writer = new LakeWriter(target, staging, properties, Clock.systemUTC(), new SimpleMeterRegistry());
			Instant received = Instant.parse("2026-11-27T10:00:01Z");
			for (int i = 0; i < 250; i++) {
				writer.add(new Event("e-%03d".formatted(i), "page_view", "u-" + (i % 7), null, "s-1", received.minusMillis(i),
						received.plusMillis(i), null, Map.of("path", "/p/" + i), 1), 150, acknowledged::incrementAndGet);
			}
			assertThat(acknowledged).hasValue(0);
			writer.flush();
			assertThat(acknowledged).hasValue(250);

			List<S3Object> objects = reader.listObjectsV2(list -> list.bucket("lake").prefix("raw/events/")).contents();
			assertThat(objects).singleElement()
				.satisfies(object -> assertThat(object.key()).matches("raw/events/dt=2026-11-27/hour=10/part-\\d{8}T\\d{6}Z-[0-9a-f]{8}-000001\\.parquet"));
			HeadObjectResponse head = reader.headObject(h -> h.bucket("lake").key(objects.get(0).key()));
			assertThat(head.contentType()).isEqualTo(S3LakeTarget.PARQUET_MEDIA_TYPE);
			Path downloaded = work.resolve("download").resolve(objects.get(0).key());
			Files.createDirectories(downloaded.getParent());
			reader.getObject(get -> get.bucket("lake").key(objects.get(0).key()), ResponseTransformer.toFile(downloaded));
			List<Map<String, Object>> rows = LakeFiles.rows(work.resolve("download/raw/events"));
			assertThat(rows).hasSize(250);
			assertThat(rows.get(42)).containsEntry("event_id", "e-042").containsEntry("properties", "{\"path\":\"/p/42\"}")
				.containsEntry("dt", "2026-11-27").containsEntry("hour", 10);
			assertThat(staging).isEmptyDirectory();
		}
	}

	@Test
	void whileTheStoreIsUnreachableNothingIsAcknowledged() throws Exception {
		AtomicInteger acknowledged = new AtomicInteger();
		LakeProperties properties = new LakeProperties();
		properties.setRollInterval(Duration.ofHours(1));
		LakeProperties.S3 unreachable = server.properties("lake", "");
		unreachable.setEndpoint(URI.create("http://127.0.0.1:1"));
		try (S3LakeTarget target = new S3LakeTarget(S3LakeTarget.client(unreachable), "lake", "")) {
			LakeWriter writer = new LakeWriter(target, work.resolve("staging-down"), properties, Clock.systemUTC(),
					new SimpleMeterRegistry());
			writer.start();
			writer.add(new Event("e-1", "click", "u-1", null, null, Instant.now(), Instant.now(), null, Map.of(), 1), 100,
					acknowledged::incrementAndGet);
			writer.stop();
			assertThat(acknowledged).hasValue(0);
			assertThat(writer.lastFailure()).hasMessageContaining("Uploading dt=");
		}
	}

}
