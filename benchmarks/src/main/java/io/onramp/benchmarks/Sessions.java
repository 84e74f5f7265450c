package io.onramp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Realistic onboarding sessions for the load tools: event {@code k} is the next step of user
 * {@code k % users}'s session (views, clicks, a form, completed steps, a switch between desktop and mobile),
 * again and again, each with a new event id and the time it was made.
 */
final class Sessions {

	/** A user's onboarding session, one event after another. */
	static final List<String> SESSION = List.of("session_start", "page_view", "click", "page_view", "form_submit",
			"step_completed", "device_changed", "click", "page_view", "step_completed", "click", "device_changed");

	private Sessions() {
	}

	/** The user of event {@code k}, as {@link #event} names it. */
	static String user(String userPrefix, int u) {
		return userPrefix + "load-user-" + u;
	}

	/** Event {@code k} as the capture API takes it. */
	static Made event(long k, int users, String userPrefix) {
		int u = (int) (k % users);
		long step = k / users;
		String type = SESSION.get((int) (step % SESSION.size()));
		String eventId = UUID.randomUUID().toString();
		String userId = user(userPrefix, u);
		StringBuilder json = new StringBuilder().append("{\"eventId\":\"").append(eventId).append("\",\"type\":\"").append(type)
			.append("\",\"userId\":\"").append(userId).append("\",\"sessionId\":\"s-").append(u).append('-')
			.append(step / SESSION.size()).append("\",\"occurredAt\":\"").append(Instant.now()).append('"');
		switch (type) {
			case "device_changed" -> json.append(",\"context\":{\"device\":\"").append(step / SESSION.size() % 2 == 0 ? "mobile" : "desktop")
				.append("\"}");
			case "step_completed" -> json.append(",\"properties\":{\"step\":").append(step % SESSION.size() < 7 ? 1 : 2).append('}');
			default -> {
			}
		}
		return new Made(eventId, userId, u, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A device switch of {@code userId} to {@code device}, which changes the page of a user who has one open. */
	static Made deviceSwitch(String userId, String device) {
		String eventId = UUID.randomUUID().toString();
		String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"device_changed\",\"userId\":\"" + userId
				+ "\",\"sessionId\":\"s-" + userId + "\",\"occurredAt\":\"" + Instant.now() + "\",\"context\":{\"device\":\"" + device
				+ "\"}}";
		return new Made(eventId, userId, -1, json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @param eventId the event's id
	 * @param userId its user
	 * @param user the user's index in the sessions ({@code -1} for one outside them)
	 * @param body the JSON the capture API takes
	 */
	record Made(String eventId, String userId, int user, byte[] body) {
	}

}
