package io.onramp.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Where each real service can be reached, and how it was obtained. */
public final class Endpoints {

	private Endpoints() {
	}

	/**
	 * @param host host name or address
	 * @param port TCP port
	 * @param source how it was obtained: local service, Testcontainers or embedded
	 */
	public record Redis(String host, int port, String source) {
		public String url() {
			return "redis://" + host + ":" + port;
		}
	}

	/**
	 * A Redis Cluster of masters on this machine.
	 *
	 * @param nodes the masters, each as {@code host:port}
	 * @param source how it was obtained
	 */
	public record RedisCluster(java.util.List<String> nodes, String source) {
	}

	/**
	 * @param host host name or address
	 * @param port AMQP port
	 * @param username user name
	 * @param password password
	 * @param source how it was obtained
	 */
	public record Rabbit(String host, int port, String username, String password, String source) {

		/** A RabbitMQ client connection factory for this broker. */
		public com.rabbitmq.client.ConnectionFactory connectionFactory() {
			com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
			factory.setHost(host);
			factory.setPort(port);
			factory.setUsername(username);
			factory.setPassword(password);
			return factory;
		}

	}

	/**
	 * @param bootstrapServers the Kafka bootstrap servers, {@code host:port[,host:port]}
	 * @param source how it was obtained
	 */
	public record Kafka(String bootstrapServers, String source) {
	}

	/**
	 * @param jdbcUrl JDBC URL of the database
	 * @param username user name
	 * @param password password (may be empty)
	 * @param source how it was obtained
	 */
	public record Postgres(String jdbcUrl, String username, String password, String source) {

		/**
		 * Creates (or empties) a schema of this name and returns a JDBC URL whose connections use it,
		 * so each test class has its own tables.
		 */
		public String createSchema(String schema) {
			return schema(schema, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
		}

		/** Creates a schema of this name unless it exists, keeping what it holds (the sandbox's history). */
		public String ensureSchema(String schema) {
			return schema(schema, "CREATE SCHEMA IF NOT EXISTS " + schema);
		}

		/** Drops a schema a test created, with everything in it. */
		public void dropSchema(String schema) {
			schema(schema, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}

		private String schema(String schema, String... statements) {
			if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
				throw new IllegalArgumentException("Not a plain schema name: " + schema);
			}
			try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
					Statement statement = connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not create schema " + schema + " in " + jdbcUrl, ex);
			}
			return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
		}

	}

}
