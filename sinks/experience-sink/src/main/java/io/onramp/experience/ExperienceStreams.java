package io.onramp.experience;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.onramp.contracts.ExperienceDecision;
import io.onramp.contracts.OnrampJson;

/**
 * The open SSE streams of this sink instance, by user. Every decision heard on Redis pub/sub is pushed
 * to the streams of its user; a stream that fails to take it is dropped.
 *
 * <p>Each SSE event is named {@code experience}, carries the decision JSON as data and the user's
 * feature version as id, so a page can ignore an older decision arriving after a newer one.
 */
class ExperienceStreams implements SmartLifecycle {

	static final String EVENT_NAME = "experience";

	private static final long RECONNECT_MILLIS = 2000;

	private static final Logger log = LoggerFactory.getLogger(ExperienceStreams.class);

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final long timeoutMillis;

	private volatile boolean running;

	ExperienceStreams(long timeoutMillis) {
		this.timeoutMillis = timeoutMillis;
	}

	SseEmitter open(String userId) {
		SseEmitter emitter = new SseEmitter(timeoutMillis);
		streams.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(emitter);
		Runnable remove = () -> close(userId, emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError(error -> remove.run());
		try {
			// Commits the response at once (a page knows it is connected) and tells the browser how soon to
			// reconnect if the stream drops.
			emitter.send(SseEmitter.event().comment("connected").reconnectTime(RECONNECT_MILLIS));
		}
		catch (IOException ex) {
			remove.run();
		}
		return emitter;
	}

	/** Called with each decision JSON heard on the experience channel. */
	void publish(String decisionJson) {
		ExperienceDecision decision = OnrampJson.mapper().readValue(decisionJson, ExperienceDecision.class);
		Set<SseEmitter> emitters = streams.get(decision.userId());
		if (emitters != null) {
			emitters.forEach(emitter -> send(decision.userId(), emitter, decision.featureVersion(), decisionJson));
		}
	}

	void send(String userId, SseEmitter emitter, long version, String decisionJson) {
		try {
			emitter.send(SseEmitter.event()
				.name(EVENT_NAME)
				.id(Long.toString(version))
				.data(decisionJson, MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a stream of user {}: {}", userId, ex.getMessage());
			close(userId, emitter);
		}
	}

	@Scheduled(fixedDelayString = "${onramp.sink.heartbeat-interval:15s}")
	void heartbeat() {
		streams.forEach((userId, emitters) -> emitters.forEach(emitter -> {
			try {
				emitter.send(SseEmitter.event().comment("heartbeat"));
			}
			catch (IOException | IllegalStateException ex) {
				close(userId, emitter);
			}
		}));
	}

	@Override
	public void start() {
		running = true;
	}

	/**
	 * Ends every open stream before the web server shuts down (this runs in an earlier lifecycle phase),
	 * so pages reconnect to another instance at once instead of holding the shutdown up.
	 */
	@Override
	public void stop() {
		running = false;
		streams.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
		streams.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void close(String userId, SseEmitter emitter) {
		streams.computeIfPresent(userId, (id, emitters) -> {
			emitters.remove(emitter);
			return emitters.isEmpty() ? null : emitters;
		});
	}

}
