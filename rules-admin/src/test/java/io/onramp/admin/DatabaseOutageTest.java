package io.onramp.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.onramp.testsupport.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rules-admin while its Postgres is gone (every connection dropped and refused, through a proxy in front of
 * the real Postgres): it stays up and answers within seconds with 503, the reason and Retry-After, whether the
 * database was needed to sign the user in or to serve the request; nothing is half-saved; and it serves again
 * as soon as the database is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageTest {

	private static final TcpProxy postgres = proxy();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_outage", postgres);
	}

	@AfterAll
	static void closeProxy() {
		postgres.close();
	}

	@Test
	void answers503WhileTheDatabaseIsGoneAndServesAgainWhenItIsBack() throws Exception {
		assertThat(call("GET", "/api/rules", AdminTestUsers.VIEWER, null).statusCode()).isEqualTo(200);
		String rules = call("GET", "/api/rules", AdminTestUsers.VIEWER, null).body();

		postgres.cut();
		long start = System.nanoTime();
		HttpResponse<String> read = call("GET", "/api/rules", AdminTestUsers.VIEWER, null);
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(read.statusCode()).as("signing in needs the users in Postgres: 503, not 401").isEqualTo(503);
		assertThat(read.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(read.body()).contains("The rules database is unavailable").contains("nothing was changed");
		assertThat(seconds).as("answered within the connection timeout (3 s), not Hikari's 30 s").isLessThan(15);

		HttpResponse<String> create = call("POST", "/api/rules", AdminTestUsers.EDITOR, """
				{"note": "during the outage", "rule": {"id": "outage-rule", "name": "Outage", "priority": 1,
				 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
				 "then": [{"setLayout": "compact"}]}}""");
		assertThat(create.statusCode()).isEqualTo(503);
		assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).as("still alive").isEqualTo(200);

		postgres.restore();
		HttpResponse<String> again = awaitOk("/api/rules");
		assertThat(again.body()).as("nothing was saved while the database was gone").isEqualTo(rules);
	}

	private HttpResponse<String> awaitOk(String path) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		HttpResponse<String> response = call("GET", path, AdminTestUsers.VIEWER, null);
		while (response.statusCode() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(200);
			response = call("GET", path, AdminTestUsers.VIEWER, null);
		}
		assertThat(response.statusCode()).as("serving again once the database is back").isEqualTo(200);
		return response;
	}

	private HttpResponse<String> call(String method, String path, AdminTestUsers user, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "application/json")
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user.username + ":" + user.password()).getBytes(StandardCharsets.UTF_8)));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static TcpProxy proxy() {
		try {
			return TcpProxy.toTestPostgres();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
