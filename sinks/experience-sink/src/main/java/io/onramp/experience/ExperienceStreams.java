package io.onramp.experience;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;

/**
 * The open SSE streams of this sink instance, by user. Every decision heard on Redis pub/sub is queued for
 * the streams of its user and written by a small pool of sender threads, so the thread that hears
 * decisions never waits on a page.
 *
 * <p>Each SSE event is named {@code experience}, carries the decision JSON as data and a {@link StreamId}
 * as id. A stream only ever gets decisions newer than the last it got (or than the {@code Last-Event-ID} it
 * reconnected with). A stream whose queue grows past {@code onramp.sink.max-pending-per-stream}, or whose
 * write fails, is dropped; the page's EventSource reconnects and resumes from its last id.
 */
class ExperienceStreams implements SmartLifecycle {

	static final String EVENT_NAME = "experience";

	private static final long RECONNECT_MILLIS = 2000;

	private static final Logger log = LoggerFactory.getLogger(ExperienceStreams.class);

	private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();

	private final long timeoutMillis;

	private final int maxPending;

	private final ExecutorService senders;

	/**
	 * Completes dropped streams. Completing waits for a write in progress to the same page, which for a page
	 * that does not read may take long, so neither the thread that hears decisions nor a sender waits for it.
	 */
	private final ExecutorService closers = Executors.newCachedThreadPool(new CustomizableThreadFactory("sse-closer-"));

	private final LiveUsers liveUsers;

	private final long heartbeatNanos;

	private final AtomicLong dropped = new AtomicLong();

	private volatile boolean running;

	ExperienceStreams(SinkProperties properties, LiveUsers liveUsers) {
		this.timeoutMillis = properties.getStreamTimeout().toMillis();
		this.maxPending = properties.getMaxPendingPerStream();
		this.senders = Executors.newFixedThreadPool(properties.getSendThreads(),
				new CustomizableThreadFactory("sse-sender-"));
		this.liveUsers = liveUsers;
		this.heartbeatNanos = properties.getHeartbeatInterval().toNanos();
	}

	/**
	 * Opens a stream for the user that will only get decisions newer than {@code resumeAfter}, and marks
	 * the user live.
	 */
	Stream open(String userId, StreamId resumeAfter) {
		SseEmitter emitter = new SseEmitter(timeoutMillis);
		Stream stream = new Stream(userId, emitter, resumeAfter);
		streams.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(stream);
		emitter.onCompletion(stream::forget);
		emitter.onTimeout(stream::forget);
		emitter.onError(error -> stream.forget());
		// Commits the response at once (a page knows it is connected) and tells the browser how soon to
		// reconnect if the stream drops.
		stream.offer(null, SseEmitter.event().comment("connected").reconnectTime(RECONNECT_MILLIS));
		liveUsers.touch(Set.of(userId));
		return stream;
	}

	/** Called with each decision JSON heard on the experience channel. */
	void publish(String decisionJson) {
		ExperienceDecision decision = OnrampJson.mapper().readValue(decisionJson, ExperienceDecision.class);
		Set<Stream> userStreams = streams.get(decision.userId());
		if (userStreams != null) {
			userStreams.forEach(stream -> stream.offerDecision(StreamId.of(decision), decisionJson));
		}
	}

	/**
	 * Keeps idle streams open and finds dead ones: every second, a heartbeat comment to each stream that
	 * has been quiet for the heartbeat interval. Streams opened at different times get theirs at different
	 * times, so ten thousand heartbeats never go out in one burst ahead of a decision.
	 */
	@Scheduled(fixedDelay = 1_000)
	void heartbeat() {
		long quietSince = System.nanoTime() - heartbeatNanos;
		streams.values().forEach(userStreams -> userStreams.forEach(stream -> {
			if (stream.lastWriteNanos - quietSince <= 0) {
				stream.offer(null, SseEmitter.event().comment("heartbeat"));
			}
		}));
	}

	/** Keeps this instance's users marked live. */
	@Scheduled(fixedDelayString = "${onramp.sink.heartbeat-interval:15s}")
	void markLive() {
		liveUsers.touch(streams.keySet());
		liveUsers.removeLapsed();
	}

	/** How many streams were dropped for falling behind or failing, since start. */
	long droppedStreams() {
		return dropped.get();
	}

	@Override
	public void start() {
		running = true;
	}

	/**
	 * Ends every open stream before the web server shuts down (this runs in an earlier lifecycle phase),
	 * so pages reconnect to another instance at once instead of holding the shutdown up.
	 */
	@Override
	public void stop() {
		running = false;
		streams.values().forEach(userStreams -> userStreams.forEach(stream -> stream.emitter().complete()));
		streams.clear();
		senders.shutdown();
		closers.shutdown();
		try {
			senders.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** One open page: its emitter, the SSE events waiting for it, and the newest decision it was sent. */
	final class Stream {

		private final String userId;

		private final SseEmitter emitter;

		private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

		private final AtomicInteger pending = new AtomicInteger();

		private final AtomicBoolean draining = new AtomicBoolean();

		private volatile StreamId lastSent;

		private volatile boolean closed;

		private volatile long lastWriteNanos = System.nanoTime();

		Stream(String userId, SseEmitter emitter, StreamId resumeAfter) {
			this.userId = userId;
			this.emitter = emitter;
			this.lastSent = resumeAfter;
		}

		SseEmitter emitter() {
			return emitter;
		}

		void offerDecision(StreamId id, String decisionJson) {
			offer(id, SseEmitter.event().name(EVENT_NAME).id(id.toString()).data(decisionJson, MediaType.APPLICATION_JSON));
		}

		void offer(StreamId id, SseEmitter.SseEventBuilder event) {
			if (closed) {
				return;
			}
			if (pending.incrementAndGet() > maxPending) {
				drop("it fell more than " + maxPending + " events behind");
				return;
			}
			queue.add(new Pending(id, event));
			if (draining.compareAndSet(false, true)) {
				try {
					senders.execute(this::drain);
				}
				catch (RuntimeException rejected) {
					// shutting down
					draining.set(false);
				}
			}
		}

		private void drain() {
			do {
				for (Pending next = queue.poll(); next != null && !closed; next = queue.poll()) {
					pending.decrementAndGet();
					if (next.id() != null) {
						if (next.id().compareTo(lastSent) <= 0) {
							continue;
						}
						lastSent = next.id();
					}
					try {
						emitter.send(next.event());
						lastWriteNanos = System.nanoTime();
					}
					catch (IOException | IllegalStateException ex) {
						drop(ex.getMessage());
						return;
					}
				}
				draining.set(false);
			}
			while (!queue.isEmpty() && !closed && draining.compareAndSet(false, true));
		}

		private void drop(String reason) {
			if (closed) {
				return;
			}
			dropped.incrementAndGet();
			log.debug("Dropping a stream of user {}: {}", userId, reason);
			forget();
			try {
				closers.execute(() -> {
					try {
						emitter.complete();
					}
					catch (RuntimeException ex) {
						// already gone
					}
				});
			}
			catch (RuntimeException rejected) {
				// shutting down: stop() completes every stream
			}
		}

		void forget() {
			closed = true;
			queue.clear();
			streams.computeIfPresent(userId, (id, userStreams) -> {
				userStreams.remove(this);
				return userStreams.isEmpty() ? null : userStreams;
			});
		}

	}

	private record Pending(StreamId id, SseEmitter.SseEventBuilder event) {
	}

}
