package io.onramp.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer on a real directory, its files read back with DuckDB. */
class LakeWriterTest {

	private static final Instant NINE = Instant.parse("2026-11-27T09:15:00.123456Z");

	@TempDir
	Path lake;

	private final AtomicInteger acknowledged = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void everyFieldOfAnEventIsReadBackByAnIndependentReader() throws Exception {
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties());
		Event full = new Event("e-1", "step_completed", "u-1", "anon-1", "s-1", NINE.minusSeconds(2), NINE,
				new Event.EventContext("mobile", "iOS", "Safari", "de-CH", new Event.Page("/onboarding/profile", "Profile"),
						new Event.Screen(390, 844)),
				Map.of("step", "profile", "seconds", 42), 1);
		Event bare = new Event("e-2", "page_view", null, "anon-2", null, NINE, null, null, Map.of(), null);
		writer.add(full, 400, acknowledged::incrementAndGet);
		writer.add(bare, 200, acknowledged::incrementAndGet);
		writer.flush();

		List<Map<String, Object>> rows = LakeFiles.rows(lake);
		assertThat(rows).hasSize(2);
		Map<String, Object> first = rows.get(0);
		assertThat(first).containsEntry("event_id", "e-1")
			.containsEntry("type", "step_completed")
			.containsEntry("user_id", "u-1")
			.containsEntry("anonymous_id", "anon-1")
			.containsEntry("session_id", "s-1")
			.containsEntry("occurred_us", micros(NINE.minusSeconds(2)))
			.containsEntry("received_us", micros(NINE))
			.containsEntry("schema_version", 1)
			.containsEntry("device", "mobile")
			.containsEntry("os", "iOS")
			.containsEntry("browser", "Safari")
			.containsEntry("locale", "de-CH")
			.containsEntry("page_path", "/onboarding/profile")
			.containsEntry("page_title", "Profile")
			.containsEntry("screen_width", 390)
			.containsEntry("screen_height", 844)
			.containsEntry("dt", "2026-11-27")
			.containsEntry("hour", 9);
		assertThat(OnrampJson.mapper().readTree((String) first.get("properties")))
			.isEqualTo(OnrampJson.mapper().readTree("{\"step\":\"profile\",\"seconds\":42}"));
		Map<String, Object> second = rows.get(1);
		assertThat(second).containsEntry("event_id", "e-2").containsEntry("properties", "{}").containsEntry("hour", 9);
		assertThat(second.get("user_id")).isNull();
		assertThat(second.get("received_us")).as("partitioned by occurredAt when it has no receivedAt").isNull();
		assertThat(acknowledged).hasValue(2);
	}

	@Test
	void rollsByEventCountAndAcknowledgesOnlyWhatIsInAPublishedFile() throws Exception {
		LakeProperties properties = properties();
		properties.setRollEvents(3);
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties);
		for (int i = 0; i < 7; i++) {
			writer.add(event(i, NINE), 100, acknowledged::incrementAndGet);
		}

		assertThat(parquetFiles()).hasSize(2);
		assertThat(acknowledged).as("the seventh waits for its file").hasValue(6);
		assertThat(writer.buffered()).isEqualTo(1);
		writer.flush();
		assertThat(parquetFiles()).hasSize(3);
		assertThat(acknowledged).hasValue(7);
		assertThat(LakeFiles.rows(lake)).extracting(row -> row.get("event_id"))
			.containsExactly("e-000", "e-001", "e-002", "e-003", "e-004", "e-005", "e-006");
		assertThat(meters.get("onramp.lake.files.written").counter().count()).isEqualTo(3);
		assertThat(meters.get("onramp.lake.events.written").counter().count()).isEqualTo(7);
	}

	@Test
	void aRecordWithoutAnEventIsAcknowledgedInItsTurn() throws Exception {
		List<String> acknowledgements = new ArrayList<>();
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties());
		writer.skip(() -> acknowledgements.add("rejected-0"));
		assertThat(acknowledgements).as("nothing before it waits").containsExactly("rejected-0");
		writer.add(event(0, NINE), 100, () -> acknowledgements.add("e-000"));
		writer.skip(() -> acknowledgements.add("rejected-1"));
		writer.add(event(1, NINE), 100, () -> acknowledgements.add("e-001"));
		assertThat(acknowledgements).as("on Kafka it would commit e-000's offset too").containsExactly("rejected-0");

		writer.flush();
		assertThat(acknowledgements).containsExactly("rejected-0", "e-000", "rejected-1", "e-001");
		assertThat(LakeFiles.rows(lake)).hasSize(2);
	}

	@Test
	void rollsBySizeOfTheEventsAsTheyArrived() throws Exception {
		LakeProperties properties = properties();
		properties.setRollSize(DataSize.ofBytes(1_000));
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties);
		writer.add(event(0, NINE), 400, acknowledged::incrementAndGet);
		writer.add(event(1, NINE), 400, acknowledged::incrementAndGet);
		assertThat(parquetFiles()).isEmpty();
		writer.add(event(2, NINE), 400, acknowledged::incrementAndGet);
		assertThat(parquetFiles()).hasSize(1);
		assertThat(acknowledged).hasValue(3);
	}

	@Test
	void rollsByTimeAfterTheFirstEvent() throws Exception {
		LakeProperties properties = properties();
		properties.setRollInterval(Duration.ofMillis(300));
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties);
		writer.start();
		try {
			writer.add(event(0, NINE), 100, acknowledged::incrementAndGet);
			assertThat(acknowledged).hasValue(0);
			Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> acknowledged.get() == 1);
			assertThat(parquetFiles()).hasSize(1);
		}
		finally {
			writer.stop();
		}
	}

	@Test
	void oneRollWritesOneFilePerHourOfArrival() throws Exception {
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties());
		writer.add(event(0, Instant.parse("2026-11-27T23:59:59.999Z")), 100, acknowledged::incrementAndGet);
		writer.add(event(1, Instant.parse("2026-11-28T00:00:00Z")), 100, acknowledged::incrementAndGet);
		writer.add(event(2, Instant.parse("2026-11-27T23:00:00Z")), 100, acknowledged::incrementAndGet);
		writer.flush();

		assertThat(parquetFiles()).extracting(file -> lake.relativize(file.getParent()).toString())
			.containsExactlyInAnyOrder("dt=2026-11-27/hour=23", "dt=2026-11-28/hour=00");
		assertThat(LakeFiles.rows(lake)).extracting(row -> row.get("event_id") + "@" + row.get("dt") + "/" + row.get("hour"))
			.containsExactly("e-000@2026-11-27/23", "e-001@2026-11-28/0", "e-002@2026-11-27/23");
	}

	@Test
	void aFailedPublishIsRetriedAndNothingIsAcknowledgedUntilItSucceeds() throws Exception {
		List<Integer> acknowledgedAtEachAttempt = new ArrayList<>();
		LocalLakeTarget local = new LocalLakeTarget(lake);
		LakeTarget failingTwice = new LakeTarget() {

			@Override
			public void publish(Path file, String key) throws IOException {
				acknowledgedAtEachAttempt.add(acknowledged.get());
				if (acknowledgedAtEachAttempt.size() <= 2) {
					throw new IOException("No space left on device");
				}
				local.publish(file, key);
			}

			@Override
			public String location() {
				return local.location();
			}

		};
		LakeProperties properties = properties();
		properties.setRollEvents(2);
		LakeWriter writer = writer(failingTwice, properties);
		LakeHealthIndicator health = new LakeHealthIndicator(writer);
		writer.start();
		try {
			writer.add(event(0, NINE), 100, acknowledged::incrementAndGet);
			writer.add(event(1, NINE), 100, acknowledged::incrementAndGet);
		}
		finally {
			writer.stop();
		}

		assertThat(acknowledgedAtEachAttempt).containsExactly(0, 0, 0);
		assertThat(acknowledged).hasValue(2);
		assertThat(meters.get("onramp.lake.write.failures").counter().count()).isEqualTo(2);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(LakeFiles.rows(lake)).hasSize(2);
		assertThat(stagedFiles()).as("failed attempts leave nothing behind").isEmpty();
	}

	@Test
	void whenStoppingWithTheLakeDownTheBufferIsLeftToTheBrokerAndTheHealthSaysWhy() throws Exception {
		LakeTarget down = new LakeTarget() {

			@Override
			public void publish(Path file, String key) throws IOException {
				throw new IOException("Connection refused");
			}

			@Override
			public String location() {
				return "s3://down/";
			}

		};
		LakeWriter writer = writer(down, properties());
		writer.start();
		writer.add(event(0, NINE), 100, acknowledged::incrementAndGet);
		writer.stop();

		assertThat(acknowledged).hasValue(0);
		assertThat(writer.buffered()).isZero();
		assertThat(new LakeHealthIndicator(writer).health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(new LakeHealthIndicator(writer).health().getDetails()).containsEntry("error", "java.io.IOException: Connection refused");
	}

	@Test
	void startingRemovesWhatACrashedRunLeftInStaging() throws Exception {
		Path staging = lake.resolve("_staging/instance-0");
		Files.createDirectories(staging);
		Files.writeString(staging.resolve("part-20261127T091500Z-0badf00d-000001.parquet.inprogress"), "PAR1 half a file");
		LakeWriter writer = writer(new LocalLakeTarget(lake), properties());
		writer.start();
		writer.stop();
		assertThat(stagedFiles()).isEmpty();
	}

	private LakeWriter writer(LakeTarget target, LakeProperties properties) throws IOException {
		return new LakeWriter(target, lake.resolve("_staging/instance-0"), properties, Clock.systemUTC(), meters);
	}

	private static LakeProperties properties() {
		LakeProperties properties = new LakeProperties();
		properties.setRollInterval(Duration.ofHours(1));
		properties.setMaxRetryDelay(Duration.ofMillis(500));
		return properties;
	}

	private static Event event(int i, Instant received) {
		return new Event("e-%03d".formatted(i), "click", "u-" + (i % 3), null, "s-1", received.minusMillis(5), received, null,
				Map.of("target", "next"), 1);
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
	}

	private List<Path> parquetFiles() throws IOException {
		return LakeFiles.parquetFiles(lake);
	}

	private List<Path> stagedFiles() throws IOException {
		Path staging = lake.resolve("_staging/instance-0");
		if (!Files.isDirectory(staging)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(staging)) {
			return files.toList();
		}
	}

}
