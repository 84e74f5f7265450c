package io.onramp.contracts;

/**
 * The Redis key layout every Onramp app agrees on.
 *
 * <p>All keys of one user carry the user id as a hash tag ({@code prefix:{userId}:...}), so a Lua script
 * that touches several of them works on Redis Cluster. The prefix separates deployments (and tests)
 * sharing one Redis.
 */
public final class RedisKeys {

	private final String prefix;

	public RedisKeys(String prefix) {
		if (prefix == null || prefix.isBlank() || prefix.contains("{") || prefix.contains("}")) {
			throw new IllegalArgumentException("A Redis key prefix must be non-empty and hold no braces: " + prefix);
		}
		this.prefix = prefix;
	}

	public String prefix() {
		return prefix;
	}

	/** Hash of the user's features. */
	public String features(String userId) {
		return user(userId) + "features";
	}

	/** The state a feature keeps beside its value: the distinct values seen, or a sliding window. */
	public String featureState(String userId, String feature) {
		return user(userId) + "state:" + feature;
	}

	/** Mark that an event was applied, so a redelivery is recognized. */
	public String appliedEvent(String userId, String eventId) {
		return user(userId) + "applied:" + eventId;
	}

	/** The last experience the evaluator decided for the user, and the event that caused it. */
	public String lastDecision(String userId) {
		return user(userId) + "decision";
	}

	/** The latest experience delivered to the user, as the sink serves it. */
	public String experience(String userId) {
		return user(userId) + "experience";
	}

	/** A SCAN pattern matching every key of the user, whatever app wrote it. */
	public String userPattern(String userId) {
		return user(userId.replaceAll("([*?\\[\\]\\\\])", "\\\\$1")) + "*";
	}

	/** When each frequency-capped rule last fired for the user. */
	public String firings(String userId) {
		return user(userId) + "fired";
	}

	/** An immutable ruleset release, by number. */
	public String rulesetRelease(long number) {
		return prefix + ":rules:release:" + number;
	}

	/** The number of the release evaluators run. */
	public String activeRelease() {
		return prefix + ":rules:active";
	}

	/** The counter that numbers releases. */
	public String releaseSequence() {
		return prefix + ":rules:sequence";
	}

	/** Pub/sub channel that tells evaluators a new release is active. */
	public String rulesChangedChannel() {
		return prefix + ":rules:changed";
	}

	/** Where each evaluator instance reports the release it runs (a hash: instance id to release number). */
	public String evaluatorReleases() {
		return prefix + ":rules:evaluators";
	}

	/**
	 * Users with an open experience stream on some sink instance: a sorted set of user ids scored by when
	 * the entry lapses (epoch ms), refreshed by the sinks' heartbeats. Evaluators re-decide these users'
	 * experiences when a new ruleset release becomes active.
	 */
	public String liveUsers() {
		return prefix + ":live-users";
	}

	/** Claimed by the one evaluator instance that re-decides the live users for a release. */
	public String releaseRedecision(long number) {
		return prefix + ":rules:redecided:" + number;
	}

	/** Pub/sub channel on which every sink instance hears about new experiences. */
	public String experienceChannel() {
		return prefix + ":experiences";
	}

	private String user(String userId) {
		return prefix + ":{" + userId + "}:";
	}

}
