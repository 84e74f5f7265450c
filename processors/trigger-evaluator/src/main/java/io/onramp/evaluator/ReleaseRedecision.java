package io.onramp.evaluator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.onramp.contracts.Event;
import io.onramp.contracts.EventTypes;
import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.RedisKeys;
import io.onramp.features.FeatureClient;
import io.onramp.rules.CompiledRuleset;

/**
 * When a newly published ruleset release replaces the running one, re-decides the experience of every
 * user who has a page open right now (the sinks keep them in {@link RedisKeys#liveUsers()}), so open pages
 * change without waiting for the user's next action.
 *
 * <p>One evaluator instance does it per release: the first to claim {@link RedisKeys#releaseRedecision}.
 * Each live user is evaluated on their current features, as a {@code custom} event named
 * {@value #EVENT_NAME} (rules on event fields see that event), and a decision is sent on the output only
 * when the experience changed. Users are taken {@value #CHUNK} at a time: their features in one pipelined
 * read, their evaluation as one batch (as the stream's). The work runs off the reloading thread.
 */
class ReleaseRedecision {

	static final String EVENT_NAME = "ruleset_published";

	/** Live users re-decided per step: one Redis round trip for their features, the evaluation as one batch. */
	private static final int CHUNK = 500;

	private static final Logger log = LoggerFactory.getLogger(ReleaseRedecision.class);

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final FeatureClient features;

	private final TriggerEvaluation evaluation;

	private final StreamBridge streamBridge;

	private final String instanceId;

	private final Clock clock;

	private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "release-redecision");
		thread.setDaemon(true);
		return thread;
	});

	ReleaseRedecision(StringRedisTemplate redis, RedisKeys keys, FeatureClient features, TriggerEvaluation evaluation,
			StreamBridge streamBridge, String instanceId, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.features = features;
		this.evaluation = evaluation;
		this.streamBridge = streamBridge;
		this.instanceId = instanceId;
		this.clock = clock;
	}

	void released(CompiledRuleset ruleset) {
		long release = ruleset.releaseNumber();
		Boolean claimed = redis.opsForValue().setIfAbsent(keys.releaseRedecision(release), instanceId, Duration.ofDays(1));
		if (Boolean.TRUE.equals(claimed)) {
			worker.execute(() -> redecide(release));
		}
	}

	private void redecide(long release) {
		Set<String> live = redis.opsForZSet().rangeByScore(keys.liveUsers(), clock.millis(), Double.POSITIVE_INFINITY);
		List<String> users = live == null ? List.of() : new ArrayList<>(live);
		long started = System.nanoTime();
		int sent = 0;
		for (int from = 0; from < users.size(); from += CHUNK) {
			List<String> chunk = users.subList(from, Math.min(users.size(), from + CHUNK));
			try {
				sent += redecide(chunk, release);
			}
			catch (RuntimeException ex) {
				log.warn("Could not re-decide the experience of {} live users ({} ...) for release {}", chunk.size(),
						chunk.get(0), release, ex);
			}
		}
		log.info("Release {}: re-decided {} live users in {} ms, {} experiences changed", release, users.size(),
				(System.nanoTime() - started) / 1_000_000, sent);
	}

	/** Re-decides a chunk of live users: their features in one round trip, the evaluation as one batch. */
	private int redecide(List<String> userIds, long release) {
		Instant now = clock.instant();
		List<FeatureUpdate> updates = new ArrayList<>(userIds.size());
		for (FeatureClient.UserFeatures current : features.findAll(userIds)) {
			String userId = current.userId();
			Event published = new Event("release-" + release + ":" + userId, EventTypes.CUSTOM, userId, null, null, now, now,
					null, Map.of("name", EVENT_NAME, "release", release), 1);
			updates.add(new FeatureUpdate(userId, current.version(), current.features(), Set.of(), published, false));
		}
		int sent = 0;
		for (ExperienceDecision decision : evaluation.evaluateAll(updates)) {
			sent += streamBridge.send("output", EvaluateTriggers.JSON.builder(decision, decision.userId()).build()) ? 1 : 0;
		}
		return sent;
	}

}
