package io.onramp.testsupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service the harness hands out answers a real round trip, including the embedded fallbacks. */
class TestServicesTest {

	@Test
	void redisAnswers() throws Exception {
		assertRedisRoundTrip(TestServices.redis());
	}

	@Test
	void embeddedRedisAnswersWhereNoLocalRedisRuns() throws Exception {
		assertRedisRoundTrip(TestServices.startEmbeddedRedis());
	}

	@Test
	void postgresGivesEachTestItsOwnSchema() throws Exception {
		assertSchemasAreIsolated(TestServices.postgres());
	}

	@Test
	void embeddedPostgresAnswersWhereNoLocalPostgresRuns() throws Exception {
		assertSchemasAreIsolated(TestServices.startEmbeddedPostgres());
	}

	@Test
	void kafkaAnswers() throws Exception {
		try (AdminClient admin = AdminClient.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka().bootstrapServers()))) {
			assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
		}
	}

	@Test
	void rabbitAnswers() throws Exception {
		try (com.rabbitmq.client.Connection connection = TestServices.rabbit().connectionFactory().newConnection()) {
			assertThat(connection.isOpen()).isTrue();
		}
	}

	@Test
	void uniqueNamesAreSafeAndDistinct() {
		String a = TestServices.uniqueName("FeatureAggregator IT");
		String b = TestServices.uniqueName("FeatureAggregator IT");
		assertThat(a).matches("featureaggregator_it_[0-9a-f]{8}").isNotEqualTo(b);
	}

	private static void assertRedisRoundTrip(Endpoints.Redis redis) throws Exception {
		String key = TestServices.uniqueName("probe");
		try (Socket socket = new Socket(redis.host(), redis.port());
				PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
			out.print("SET " + key + " hello EX 10\r\nGET " + key + "\r\n");
			out.flush();
			assertThat(in.readLine()).isEqualTo("+OK");
			assertThat(in.readLine()).isEqualTo("$5");
			assertThat(in.readLine()).isEqualTo("hello");
		}
	}

	private static void assertSchemasAreIsolated(Endpoints.Postgres postgres) throws Exception {
		String firstSchema = TestServices.uniqueName("first");
		String secondSchema = TestServices.uniqueName("second");
		String first = postgres.createSchema(firstSchema);
		String second = postgres.createSchema(secondSchema);
		try (Connection a = DriverManager.getConnection(first, postgres.username(), postgres.password());
				Connection b = DriverManager.getConnection(second, postgres.username(), postgres.password());
				Statement sa = a.createStatement();
				Statement sb = b.createStatement()) {
			sa.execute("CREATE TABLE rule (id text)");
			sa.execute("INSERT INTO rule VALUES ('mine')");
			sb.execute("CREATE TABLE rule (id text)");
			try (ResultSet rows = sb.executeQuery("SELECT count(*) FROM rule")) {
				rows.next();
				assertThat(rows.getInt(1)).isZero();
			}
		}
		finally {
			postgres.dropSchema(firstSchema);
			postgres.dropSchema(secondSchema);
		}
	}

}
