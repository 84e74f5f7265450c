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

	/**
	 * What event {@code k} of the sessions is: user {@code k % users}'s step {@code k / users}.
	 *
	 * @param user the user's index
	 * @param session which of the user's sessions (a new one after each {@link #SESSION})
	 * @param type the event's type
	 * @param device the device a {@code device_changed} switches to, else {@code null}
	 * @param step the onboarding step a {@code step_completed} completes, else {@code null}
	 */
	record Step(int user, long session, String type, String device, Integer step) {

		static Step of(long k, int users) {
			int user = (int) (k % users);
			long step = k / users;
			long session = step / SESSION.size();
			String type = SESSION.get((int) (step % SESSION.size()));
			return new Step(user, session, type, type.equals("device_changed") ? (session % 2 == 0 ? "mobile" : "desktop") : null,
					type.equals("step_completed") ? (step % SESSION.size() < 7 ? 1 : 2) : null);
		}

	}

	/** Event {@code k} as the capture API takes it. */
	static Made event(long k, int users, String userPrefix) {
		Step step = Step.of(k, users);
		String eventId = UUID.randomUUID().toString();
		String userId = user(userPrefix, step.user());
		StringBuilder json = new StringBuilder().append("{\"eventId\":\"").append(eventId).append("\",\"type\":\"")
			.append(step.type()).append("\",\"userId\":\"").append(userId).append("\",\"sessionId\":\"s-").append(step.user())
			.append('-').append(step.session()).append("\",\"occurredAt\":\"").append(Instant.now()).append('"');
		if (step.device() != null) {
			json.append(",\"context\":{\"device\":\"").append(step.device()).append("\"}");
		}
		if (step.step() != null) {
			json.append(",\"properties\":{\"step\":").append(step.step()).append('}');
		}
		return new Made(eventId, userId, step.user(), json.append('}').toString().getBytes(StandardCharsets.UTF_8));
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
