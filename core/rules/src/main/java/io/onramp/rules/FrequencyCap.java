package io.onramp.rules;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a rule may fire for one user. A capped rule that may not fire is treated as not holding,
 * so lower-priority rules or the defaults decide its slots.
 *
 * @param kind the kind of cap
 * @param cooldown for {@link Kind#COOLDOWN}, the least time between two firings
 */
public record FrequencyCap(Kind kind, Duration cooldown) {

	public enum Kind {

		/** Fires at most once for a user, ever. */
		ONCE_PER_USER,
		/** Fires at most once per session of the user. */
		ONCE_PER_SESSION,
		/** Fires again only after the cooldown has passed since it last fired. */
		COOLDOWN

	}

	public static FrequencyCap oncePerUser() {
		return new FrequencyCap(Kind.ONCE_PER_USER, null);
	}

	public static FrequencyCap oncePerSession() {
		return new FrequencyCap(Kind.ONCE_PER_SESSION, null);
	}

	public static FrequencyCap cooldown(Duration cooldown) {
		return new FrequencyCap(Kind.COOLDOWN, cooldown);
	}

	/** Whether the rule may fire now, given when (and in which session) it last fired, if ever. */
	public boolean allows(Firing last, Instant now, String sessionId) {
		if (last == null) {
			return true;
		}
		return switch (kind) {
			case ONCE_PER_USER -> false;
			case ONCE_PER_SESSION -> sessionId == null || !sessionId.equals(last.sessionId());
			case COOLDOWN -> !now.isBefore(last.at().plus(cooldown));
		};
	}

	/**
	 * When a rule last fired for a user.
	 *
	 * @param at the evaluation time of that firing
	 * @param sessionId the session it fired in, or {@code null}
	 */
	public record Firing(Instant at, String sessionId) {
	}

}
