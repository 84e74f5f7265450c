package io.onramp.rules;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Which users a rule applies to: everyone on the exclude list never, everyone on the include list
 * always, and of the rest a stable percentage.
 *
 * <p>The percentage is a rollout: a user's bucket (0 to 9,999) is MurmurHash3 of {@code ruleId:userId},
 * so it is the same on every evaluator and every day, independent between rules, and raising the
 * percentage only adds users (nobody who was in drops out).
 *
 * @param percentage share of users the rule applies to, 0 to 100, in steps of 0.01
 * @param include user ids the rule always applies to
 * @param exclude user ids the rule never applies to (wins over include)
 */
public record Audience(double percentage, Set<String> include, Set<String> exclude) {

	public static final Audience EVERYONE = new Audience(100, Set.of(), Set.of());

	private static final int BUCKETS = 10_000;

	public Audience {
		include = include == null ? Set.of() : Set.copyOf(include);
		exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
	}

	public boolean includes(String ruleId, String userId) {
		if (exclude.contains(userId)) {
			return false;
		}
		return include.contains(userId) || bucket(ruleId, userId) < Math.round(percentage * 100);
	}

	/** The user's rollout bucket for a rule, 0 to 9,999. */
	public static int bucket(String ruleId, String userId) {
		byte[] key = (ruleId + ":" + userId).getBytes(StandardCharsets.UTF_8);
		return (int) (Integer.toUnsignedLong(MurmurHash3.hash32x86(key, 0, key.length, 0)) % BUCKETS);
	}

	boolean isEveryone() {
		return percentage >= 100 && exclude.isEmpty();
	}

}
