package io.onramp.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * HTTP requests at a fixed total rate from a fixed set of workers, each on its own keep-alive connection
 * with a plain blocking socket (the JDK HTTP client costs more CPU than the server it measures on two
 * cores). Latency is measured from when a request was due, not when it was sent, so a slow server cannot
 * hide its queueing (no coordinated omission).
 */
final class HttpLoad {

	private static final int WORKERS = 32;

	private HttpLoad() {
	}

	/**
	 * @param path the path of request {@code k}
	 * @param authorization the {@code Authorization} header of request {@code k}, or {@code null}
	 * @param histogram where latencies go (µs), or {@code null} to warm up
	 */
	static long get(int port, int rate, int seconds, LongFunction<String> path, LongFunction<String> authorization,
			ConcurrentHistogram histogram) throws InterruptedException {
		return send(port, rate, seconds, "GET", path, authorization, k -> null, 200, histogram);
	}

	/**
	 * {@code rate * seconds} requests at a fixed rate, request {@code k} due {@code k / rate} s after the start;
	 * returns how many got the expected status (a request whose connection failed is not retried). A request
	 * answered with another status stops the load: this throws, saying which, once every worker has stopped.
	 *
	 * @param body the JSON body of request {@code k}, or {@code null} for none
	 * @param expected the status every request must get
	 */
	static long send(int port, int rate, int seconds, String method, LongFunction<String> path,
			LongFunction<String> authorization, LongFunction<byte[]> body, int expected, ConcurrentHistogram histogram)
			throws InterruptedException {
		long periodNanos = 1_000_000_000L * WORKERS / rate;
		long start = System.nanoTime() + 50_000_000L;
		long total = (long) rate * seconds;
		AtomicLong answered = new AtomicLong();
		AtomicReference<String> unexpected = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			long offset = periodNanos * w / WORKERS;
			int worker = w;
			// Worker w sends requests w, w + WORKERS, w + 2 * WORKERS, ... below the total, so a total that is
			// not a multiple of the workers is still sent whole (a low rate for a short time included).
			long perWorker = total / WORKERS + (worker < total % WORKERS ? 1 : 0);
			Thread thread = new Thread(() -> {
				Connection connection = null;
				for (long i = 0; i < perWorker && unexpected.get() == null; i++) {
					long k = i * WORKERS + worker;
					long due = start + offset + i * periodNanos;
					long wait = due - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(wait);
					}
					try {
						if (connection == null) {
							connection = new Connection(port);
						}
						int status = connection.request(method, path.apply(k), authorization.apply(k), body.apply(k));
						if (connection.closing()) {
							connection.close();
							connection = null;
						}
						if (status != expected) {
							unexpected.compareAndSet(null, method + " " + path.apply(k) + " answered " + status + ", not " + expected);
							break;
						}
					}
					catch (IOException ex) {
						connection = null;
						continue;
					}
					answered.incrementAndGet();
					if (histogram != null) {
						histogram.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
					}
				}
				if (connection != null) {
					connection.close();
				}
			}, "http-load-" + w);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (unexpected.get() != null) {
			throw new IllegalStateException(unexpected.get());
		}
		return answered.get();
	}

	/**
	 * Sends requests back to back from {@code workers} connections for {@code seconds} (a closed loop: as
	 * fast as the server answers); returns how many got the expected status.
	 */
	static long saturate(int port, int workers, int seconds, String path, String authorization, byte[] body, int expected)
			throws InterruptedException {
		AtomicLong ok = new AtomicLong();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<Thread> threads = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			Thread thread = new Thread(() -> {
				Connection connection = null;
				while (System.nanoTime() < end) {
					try {
						if (connection == null) {
							connection = new Connection(port);
						}
						if (connection.request("POST", path, authorization, body) == expected) {
							ok.incrementAndGet();
						}
						if (connection.closing()) {
							connection.close();
							connection = null;
						}
					}
					catch (IOException ex) {
						connection = null;
					}
				}
				if (connection != null) {
					connection.close();
				}
			}, "http-saturate-" + w);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return ok.get();
	}

	/** One HTTP/1.1 keep-alive connection: request line out, status and body in. */
	static final class Connection {

		private final Socket socket;

		private final BufferedInputStream in;

		private final OutputStream out;

		/**
		 * Whether the server said it closes the connection after its last answer ({@code Connection: close},
		 * which Tomcat sends on a connection's 100th request): the next request goes on a new one.
		 */
		private boolean closing;

		Connection(int port) throws IOException {
			this.socket = new Socket("localhost", port);
			socket.setTcpNoDelay(true);
			// A server that accepted the connection but never answers is a failure, not a wait for ever.
			socket.setSoTimeout(30_000);
			this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
			this.out = socket.getOutputStream();
		}

		int request(String method, String path, String authorization, byte[] body) throws IOException {
			String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
					+ (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
					+ (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			int length = -1;
			boolean chunked = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).strip());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					closing = true;
				}
			}
			if (chunked) {
				for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
					in.skipNBytes(size);
					line();
				}
				line();
			}
			else if (length > 0) {
				in.skipNBytes(length);
			}
			return status;
		}

		boolean closing() {
			return closing;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new IOException("connection closed");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		void close() {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
