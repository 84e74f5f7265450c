package io.onramp.features;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.RedisKeys;

/**
 * Reads users' current features from the online store in Redis: one {@code HGETALL} per user. For the apps
 * that need features outside the stream: the feature endpoint, rules-admin's simulation on real users, the
 * evaluator's re-decision of open pages on a new release.
 */
public class FeatureClient {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final StoredFeatures stored;

	public FeatureClient(StringRedisTemplate redis, RedisKeys keys, FeatureRegistry registry) {
		this.redis = redis;
		this.keys = keys;
		this.stored = new StoredFeatures(registry);
	}

	/** The user's features, or empty when the user has none (never seen, expired or erased). */
	public Optional<UserFeatures> find(String userId) {
		return decode(userId, redis.<String, String>opsForHash().entries(keys.features(userId)));
	}

	/**
	 * The features of each of these users who has any, in the given order, read in one pipelined round trip
	 * (one {@code HGETALL} per user; on Redis Cluster each is routed to its user's node).
	 */
	public List<UserFeatures> findAll(List<String> userIds) {
		List<Object> hashes = redis.executePipelined((RedisCallback<Object>) connection -> {
			userIds.forEach(userId -> connection.hashCommands().hGetAll(keys.features(userId).getBytes(StandardCharsets.UTF_8)));
			return null;
		});
		List<UserFeatures> found = new ArrayList<>(userIds.size());
		for (int i = 0; i < userIds.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<String, String> hash = (Map<String, String>) hashes.get(i);
			decode(userIds.get(i), hash).ifPresent(found::add);
		}
		return found;
	}

	private Optional<UserFeatures> decode(String userId, Map<String, String> hash) {
		if (hash == null || hash.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new UserFeatures(userId, StoredFeatures.version(hash), stored.decode(hash)));
	}

	/**
	 * @param userId the user
	 * @param version the user's feature version: how many events were applied
	 * @param features the features by name
	 */
	public record UserFeatures(String userId, long version, Map<String, Object> features) {
	}

}
