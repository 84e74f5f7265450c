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
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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

	@Test
	void aConnectionTheServerClosesIsReplacedBeforeTheNextRequest() throws InterruptedException {
		server.removeContext("/");
		server.createContext("/", exchange -> {
			paths.add(exchange.getRequestURI().getPath());
			// As Tomcat does on a connection's 100th request.
			exchange.getResponseHeaders().add("Connection", "close");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		assertThat(HttpLoad.send(port(), 100, 1, "GET", k -> "/page/" + k, k -> null, k -> null, 200, null)).isEqualTo(100);
		assertThat(paths).hasSize(100);
	}

	@Test
	void aRequestAnsweredWithAnotherStatusStopsTheLoadAndSaysWhich() {
		// The server answers 202; the load expects 200, as a GET behind an unexpected login would not answer.
		assertThatIllegalStateException()
			.isThrownBy(() -> HttpLoad.send(port(), 100, 1, "GET", k -> "/features/" + k, k -> null, k -> null, 200, null))
			.withMessageContaining("answered 202, not 200");
		assertThat(paths).hasSizeLessThan(100);
	}

	private int port() {
		return server.getAddress().getPort();
	}

}
