package io.onramp.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.ConcurrentHistogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixed-rate load against a real HTTP server on loopback. */
class HttpLoadTest {

	private final Set<String> paths = ConcurrentHashMap.newKeySet();

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		server.createContext("/", exchange -> {
			paths.add(exchange.getRequestURI().getPath());
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void sendsEveryRequestOfARunShorterThanOneRoundOfItsWorkers() throws InterruptedException {
		// 20 requests over 32 workers: once, the integer share per worker was 0 and nothing was sent.
		long answered = HttpLoad.send(port(), 10, 2, "POST", k -> "/events/" + k, k -> null, k -> new byte[] { '{', '}' }, 202,
				null);

		assertThat(answered).isEqualTo(20);
		assertThat(paths).hasSize(20).contains("/events/0", "/events/19").doesNotContain("/events/20");
	}

	@Test
	void sendsRateTimesSecondsWhenTheyAreNotAMultipleOfTheWorkers() throws InterruptedException {
		ConcurrentHistogram latency = new ConcurrentHistogram(3);

		long answered = HttpLoad.send(port(), 150, 1, "GET", k -> "/page/" + k, k -> "Bearer t", k -> null, 202, latency);

		assertThat(answered).isEqualTo(150);
		assertThat(latency.getTotalCount()).isEqualTo(150);
		assertThat(paths).hasSize(150);
	}

	private int port() {
		return server.getAddress().getPort();
	}

}
