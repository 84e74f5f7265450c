package io.onramp.features;

import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.RedisKeys;

/**
 * Reads users' current features from the online store in Redis: one {@code HGETALL}. For the apps that
 * need features outside the stream: the feature endpoint, rules-admin's simulation on real users.
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
		Map<String, String> hash = redis.<String, String>opsForHash().entries(keys.features(userId));
		if (hash.isEmpty()) {
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
