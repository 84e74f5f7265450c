package io.onramp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.embedded.RedisServer;

/**
 * Starts a Redis Cluster of three masters on this machine, from the Redis binary that embedded-redis
 * ships (no redis-cli needed): each node starts in cluster mode, takes a third of the 16,384 slots, and
 * meets the others; the harness waits until every node reports the cluster ok.
 */
final class RedisClusterHarness {

	private static final int SLOTS = 16_384;

	private RedisClusterHarness() {
	}

	static Endpoints.RedisCluster start(int masters) {
		try {
			Path dir = Files.createTempDirectory("onramp-redis-cluster");
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < masters; i++) {
				int port = Ports.free();
				RedisServer server = RedisServer.newRedisServer()
					.port(port)
					.setting("cluster-enabled yes")
					.setting("cluster-config-file nodes-" + port + ".conf")
					.setting("dir " + dir)
					.setting("appendonly no")
					.setting("save \"\"")
					.build();
				server.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.stop();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, "onramp-redis-cluster-stop"));
				ports.add(port);
			}
			for (int i = 0; i < masters; i++) {
				int from = i * SLOTS / masters;
				int to = (i + 1) * SLOTS / masters;
				int first = ports.get(0);
				int port = ports.get(i);
				withNode(port, node -> {
					node.clusterAddSlots(IntStream.range(from, to).toArray());
					return port == first ? "OK" : node.clusterMeet("127.0.0.1", first);
				});
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			for (int port : ports) {
				while (!withNode(port, node -> node.clusterInfo().contains("cluster_state:ok"))) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The Redis Cluster on ports " + ports + " did not become ok in 30 s");
					}
					Thread.sleep(100);
				}
			}
			return new Endpoints.RedisCluster(ports.stream().map(port -> "127.0.0.1:" + port).toList(),
					masters + "-master embedded Redis Cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a Redis Cluster", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static <T> T withNode(int port, java.util.function.Function<RedisCommands<String, String>, T> action) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return action.apply(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

}
