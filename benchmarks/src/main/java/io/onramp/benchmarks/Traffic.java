package io.onramp.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Onboarding sessions sent to the capture API at a fixed rate until stopped, the way the browser SDK sends
 * them: an event the API did not accept (no connection, no answer within 30 s, 429 or a 5xx) is sent again,
 * with the same event id, until it is; so a crash between the broker's acknowledgement and the API's answer
 * sends an event twice, which the pipeline must count once. Every accepted event is noted: the accepted-event
 * log a fault drill compares the pipeline's state with.
 *
 * <p>A user's events all go through one worker ({@code users} is a multiple of the workers), one after
 * another, so they arrive in the order they were made, as from one browser.
 */
final class Traffic implements AutoCloseable {

	static final int WORKERS = 16;

	private final int port;

	private final String authorization;

	private final int rate;

	private final int users;

	/** Accepted events: event id → user. */
	private final Map<String, String> accepted = new ConcurrentHashMap<>();

	private final AtomicLong resent = new AtomicLong();

	private final AtomicReference<String> refused = new AtomicReference<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	Traffic(int port, String authorization, int rate, int users) {
		if (users % WORKERS != 0) {
			throw new IllegalArgumentException("users must be a multiple of " + WORKERS + " (one browser per user)");
		}
		this.port = port;
		this.authorization = authorization;
		this.rate = rate;
		this.users = users;
	}

	void start() {
		long periodNanos = 1_000_000_000L * WORKERS / rate;
		long begin = System.nanoTime();
		for (int w = 0; w < WORKERS; w++) {
			int worker = w;
			Thread thread = new Thread(() -> drive(worker, begin + periodNanos * worker / WORKERS, periodNanos), "traffic-" + w);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
	}

	private void drive(int worker, long start, long periodNanos) {
		HttpLoad.Connection[] connection = { null };
		for (long i = 0; running; i++) {
			long wait = start + i * periodNanos - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			Sessions.Made event = Sessions.event(i * WORKERS + worker, users, "");
			if (send(event, connection)) {
				accepted.put(event.eventId(), event.userId());
			}
		}
		if (connection[0] != null) {
			connection[0].close();
		}
	}

	/**
	 * Sends {@code event} until the API accepts it; {@code false} only when the traffic was stopped first or
	 * the API refused it for good (a 4xx other than 429, which the drill reports).
	 */
	boolean send(Sessions.Made event, HttpLoad.Connection[] connection) {
		for (int attempt = 0;; attempt++) {
			if (attempt > 0) {
				resent.incrementAndGet();
				LockSupport.parkNanos(100_000_000L);
			}
			try {
				if (connection[0] == null) {
					connection[0] = new HttpLoad.Connection(port);
				}
				int status = connection[0].request("POST", "/v1/events", authorization, event.body());
				if (status == 202) {
					return true;
				}
				if (status != 429 && status < 500) {
					refused.compareAndSet(null, "POST /v1/events answered " + status + " to " + new String(event.body()));
					return false;
				}
			}
			catch (IOException ex) {
				if (connection[0] != null) {
					connection[0].close();
				}
				connection[0] = null;
			}
			if (!running && attempt > 600) {
				return false;
			}
		}
	}

	/** Sends one event outside the sessions (a probe) until accepted, and notes it. */
	void sendAndNote(Sessions.Made event) {
		HttpLoad.Connection[] connection = { null };
		if (send(event, connection)) {
			accepted.put(event.eventId(), event.userId());
		}
		if (connection[0] != null) {
			connection[0].close();
		}
	}

	/** Accepted events: event id → user. */
	Map<String, String> accepted() {
		return accepted;
	}

	/** Sends beyond the first (not accepted at first, or no answer). */
	long resent() {
		return resent.get();
	}

	/** The first event the API refused for good, or {@code null}. */
	String refused() {
		return refused.get();
	}

	/** Stops sending new events; an event being resent is sent until accepted (up to a minute). */
	@Override
	public void close() throws InterruptedException {
		running = false;
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
