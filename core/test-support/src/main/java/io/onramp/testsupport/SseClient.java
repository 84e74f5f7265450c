package io.onramp.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Server-Sent Events client for tests: opens a stream and queues each event with the instant
 * it arrived, so tests can wait for events and measure latency.
 */
public final class SseClient implements AutoCloseable {

	private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();

	private final InputStream body;

	private final Thread reader;

	private SseClient(InputStream body) {
		this.body = body;
		this.reader = new Thread(this::read, "sse-client");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** Opens the stream and returns once the server answered 200 with an event stream. */
	public static SseClient open(URI uri) throws IOException, InterruptedException {
		return open(uri, java.util.Map.of());
	}

	/** Opens the stream with these request headers ({@code Authorization}, {@code Last-Event-ID}...). */
	public static SseClient open(URI uri, java.util.Map<String, String> headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(10))
			.GET();
		headers.forEach(request::header);
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			throw new IOException("SSE stream " + uri + " answered " + response.statusCode());
		}
		return new SseClient(response.body());
	}

	/** The next event, or {@code null} when none arrived within the timeout. */
	public Received next(Duration timeout) throws InterruptedException {
		return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String name = "message";
			String id = null;
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						events.add(new Received(name, id, data.toString(), System.nanoTime(), java.time.Instant.now()));
					}
					name = "message";
					id = null;
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("data:")) {
					if (!data.isEmpty()) {
						data.append('\n');
					}
					data.append(line.substring(5).stripLeading());
				}
			}
		}
		catch (IOException ex) {
			// The stream was closed.
		}
	}

	@Override
	public void close() throws IOException {
		body.close();
		reader.interrupt();
	}

	/**
	 * @param name the event name
	 * @param id the event id, or {@code null}
	 * @param data the event data
	 * @param arrivedNanos {@link System#nanoTime()} when the event was complete
	 * @param arrivedAt the wall-clock time it was complete, to compare with timestamps the server recorded
	 */
	public record Received(String name, String id, String data, long arrivedNanos, java.time.Instant arrivedAt) {
	}

}
