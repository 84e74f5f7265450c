package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.RedisKeys;

/**
 * Erases everything Onramp keeps in Redis about a user: features, feature state, applied-event marks,
 * last decision, frequency-cap history and the delivered experience. All of them share the user's hash
 * tag, so on Redis Cluster they live on one node, which is scanned. (The offline history is erased by
 * {@link HistoryWriter#erase}.)
 */
class UserErasure {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	UserErasure(StringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** Deletes the user's Redis keys; returns how many there were. */
	long erase(String userId) {
		List<String> found = redis.execute((RedisCallback<List<String>>) connection -> scan(connection, userId));
		if (found == null || found.isEmpty()) {
			return 0;
		}
		Long deleted = 0L;
		for (String key : found) {
			// One key at a time: on a cluster a multi-key DEL must stay in one slot, and these all are,
			// but the applied marks can be many; deleting singly keeps each command small.
			deleted += Boolean.TRUE.equals(redis.delete(key)) ? 1 : 0;
		}
		return deleted;
	}

	private List<String> scan(RedisConnection connection, String userId) {
		ScanOptions options = ScanOptions.scanOptions().match(keys.userPattern(userId)).count(1000).build();
		List<String> found = new ArrayList<>();
		try (Cursor<byte[]> cursor = connection instanceof RedisClusterConnection cluster
				? cluster.scan(cluster.clusterGetNodeForKey(keys.features(userId).getBytes(StandardCharsets.UTF_8)), options)
				: connection.keyCommands().scan(options)) {
			cursor.forEachRemaining(key -> found.add(new String(key, StandardCharsets.UTF_8)));
		}
		return found;
	}

}
