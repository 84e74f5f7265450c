package io.onramp.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import io.onramp.contracts.Event;

/**
 * Buffers events and rolls them into Parquet files: when the buffer reaches {@code roll-size} or
 * {@code roll-events}, or {@code roll-interval} after its first event. A roll writes one file per
 * {@code dt=YYYY-MM-DD/hour=HH} partition (by the time the capture API received the event, UTC), publishes
 * each to the {@link LakeTarget}, and only then acknowledges the buffered messages to the broker.
 *
 * <p>So every acknowledged event is in a durable file, and an event whose file was not published (a crash,
 * a failed write) is delivered again: at least once, with duplicates removable by {@code event_id}. A failed
 * roll is retried with backoff for as long as it takes; meanwhile the input waits, and the broker keeps
 * everything not yet acknowledged.
 */
final class LakeWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LakeWriter.class);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final String IN_PROGRESS = ".inprogress";

	private final LakeTarget target;

	private final Path staging;

	private final LakeProperties properties;

	private final Clock clock;

	private final RetryTemplate retry;

	/** Tells this process's files apart from those of other instances and of earlier runs. */
	private final String writerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	private final AtomicLong fileSequence = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final List<Buffered> buffer = new ArrayList<>();

	private final AtomicInteger buffered = new AtomicInteger();

	private long bufferedBytes;

	private long firstBufferedNanos;

	private final Counter eventsWritten;

	private final Counter filesWritten;

	private final Counter failures;

	private volatile Throwable lastFailure;

	private volatile boolean running;

	private volatile boolean stopping;

	private ScheduledExecutorService timer;

	LakeWriter(LakeTarget target, Path staging, LakeProperties properties, Clock clock, MeterRegistry meters) {
		this.target = target;
		this.staging = staging;
		this.properties = properties;
		this.clock = clock;
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.predicate(failure -> !stopping)
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(500))
			.multiplier(2)
			.maxDelay(properties.getMaxRetryDelay())
			.build());
		this.eventsWritten = Counter.builder("onramp.lake.events.written")
			.description("Events in published lake files")
			.register(meters);
		this.filesWritten = Counter.builder("onramp.lake.files.written").description("Lake files published").register(meters);
		this.failures = Counter.builder("onramp.lake.write.failures")
			.description("Attempts to write or publish a lake file that failed (each is retried)")
			.register(meters);
		Gauge.builder("onramp.lake.buffered.events", buffered, AtomicInteger::get)
			.description("Events received and not yet in a published file (not yet acknowledged)")
			.register(meters);
	}

	/** Buffers {@code event}, which arrived as {@code size} bytes; rolls if the buffer is full. */
	void add(Event event, int size, Acknowledgement acknowledgement) {
		lock.lock();
		try {
			if (buffer.isEmpty()) {
				firstBufferedNanos = System.nanoTime();
			}
			buffer.add(new Buffered(event, acknowledgement));
			buffered.incrementAndGet();
			bufferedBytes += size;
			if (bufferedBytes >= properties.getRollSize().toBytes() || buffered.get() >= properties.getRollEvents()) {
				roll();
			}
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Acknowledges a message that holds no event (it went to the rejected destination), in its turn: a Kafka
	 * acknowledgement commits every earlier offset of its partition, so it waits for the buffered events
	 * before it.
	 */
	void skip(Acknowledgement acknowledgement) {
		lock.lock();
		try {
			if (buffer.isEmpty()) {
				acknowledge(acknowledgement);
			}
			else {
				buffer.add(new Buffered(null, acknowledgement));
			}
		}
		finally {
			lock.unlock();
		}
	}

	/** Rolls the buffer if its first event has waited {@code roll-interval}. */
	void rollIfDue() {
		lock.lock();
		try {
			if (!buffer.isEmpty() && System.nanoTime() - firstBufferedNanos >= properties.getRollInterval().toNanos()) {
				roll();
			}
		}
		finally {
			lock.unlock();
		}
	}

	/** Rolls whatever is buffered now. */
	void flush() {
		lock.lock();
		try {
			if (!buffer.isEmpty()) {
				roll();
			}
		}
		finally {
			lock.unlock();
		}
	}

	/** How many events wait for their file. */
	int buffered() {
		return buffered.get();
	}

	/** The failure of the latest attempt to write or publish a file, or {@code null} when it succeeded. */
	Throwable lastFailure() {
		return lastFailure;
	}

	String location() {
		return target.location();
	}

	private void roll() {
		Map<String, List<Event>> partitions = new LinkedHashMap<>();
		for (Buffered next : buffer) {
			if (next.event() != null) {
				partitions.computeIfAbsent(partition(next.event()), key -> new ArrayList<>()).add(next.event());
			}
		}
		try {
			for (Map.Entry<String, List<Event>> partition : partitions.entrySet()) {
				retry.execute(() -> {
					writeAndPublish(partition.getKey(), partition.getValue());
					return null;
				});
			}
		}
		catch (RetryException stopped) {
			// Only while stopping: what is buffered stays unacknowledged and comes again to the next instance.
			log.warn("Stopping with {} events not in the lake; the broker delivers them again", buffered.get());
			clear();
			return;
		}
		// In the order the messages came: on Kafka an acknowledgement commits its partition up to that offset.
		for (Buffered next : buffer) {
			acknowledge(next.acknowledgement());
		}
		eventsWritten.increment(buffered.get());
		clear();
	}

	private static void acknowledge(Acknowledgement acknowledgement) {
		try {
			acknowledgement.acknowledge();
		}
		catch (IOException | RuntimeException ex) {
			// The channel or the partition is gone; the broker delivers the message again (a duplicate).
			log.debug("Acknowledging a stored event failed: {}", ex.toString());
		}
	}

	private void clear() {
		buffer.clear();
		buffered.set(0);
		bufferedBytes = 0;
	}

	private void writeAndPublish(String partition, List<Event> events) throws IOException {
		Instant now = clock.instant();
		String name = "part-" + FILE_TIME.format(now.atZone(ZoneOffset.UTC)) + "-" + writerId + "-"
				+ String.format("%06d", fileSequence.incrementAndGet()) + ".parquet";
		Path file = staging.resolve(name + IN_PROGRESS);
		try {
			Files.createDirectories(staging);
			EventParquet.write(events, file, properties.getCompression());
			target.publish(file, partition + "/" + name);
			filesWritten.increment();
			lastFailure = null;
			log.debug("Published {}/{} with {} events", partition, name, events.size());
		}
		catch (IOException | RuntimeException ex) {
			failures.increment();
			lastFailure = ex;
			log.warn("Writing {} events of {} to {} failed; retrying: {}", events.size(), partition, target.location(), ex.toString());
			Files.deleteIfExists(file);
			throw ex;
		}
	}

	/** The partition of an event: the hour the capture API received it (its own time if it never passed there). */
	static String partition(Event event) {
		Instant at = event.receivedAt() != null ? event.receivedAt() : event.occurredAt();
		ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
		return "dt=" + utc.toLocalDate() + "/hour=" + String.format("%02d", utc.getHour());
	}

	@Override
	public void start() {
		try {
			Files.createDirectories(staging);
			try (Stream<Path> leftovers = Files.list(staging)) {
				for (Path leftover : leftovers.filter(path -> path.toString().endsWith(IN_PROGRESS)).toList()) {
					// A crashed run's unfinished file: its events were never acknowledged.
					Files.delete(leftover);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the staging directory " + staging, ex);
		}
		long checkMillis = Math.max(10, Math.min(1_000, properties.getRollInterval().toMillis() / 4));
		timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "lake-roll");
			thread.setDaemon(true);
			return thread;
		});
		timer.scheduleWithFixedDelay(this::rollIfDueLogged, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
		running = true;
		log.info("Writing the event lake to {} (staging in {})", target.location(), staging);
	}

	private void rollIfDueLogged() {
		try {
			rollIfDue();
		}
		catch (RuntimeException ex) {
			log.error("Rolling the lake buffer failed", ex);
		}
	}

	/**
	 * Before the binders stop: what is buffered goes into a file and is acknowledged while that still can be.
	 * One attempt only (a roll that is retrying gives up too), so a lake that is down does not hold up the
	 * shutdown; what it could not store comes again from the broker.
	 */
	@Override
	public void stop() {
		stopping = true;
		timer.shutdownNow();
		try {
			flush();
		}
		finally {
			running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops before the input bindings (a higher phase stops first), so its acknowledgements still reach the broker. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	private record Buffered(Event event, Acknowledgement acknowledgement) {
	}

}
