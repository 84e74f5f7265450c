package io.onramp.experience;

import io.onramp.contracts.ExperienceDecision;

/**
 * The id of an SSE experience event, {@code <featureVersion>.<rulesetRelease>}: a decision is newer than
 * another when it was made on a later feature version, or on the same version by a later release (a
 * re-decision when a ruleset is published). A page sends the last id it saw as {@code Last-Event-ID} when
 * it reconnects.
 *
 * @param featureVersion the user's feature version the decision was made on
 * @param release the ruleset release that made it
 */
record StreamId(long featureVersion, long release) implements Comparable<StreamId> {

	/** Before any decision. */
	static final StreamId NONE = new StreamId(-1, -1);

	static StreamId of(ExperienceDecision decision) {
		return new StreamId(decision.featureVersion(), decision.rulesetRelease());
	}

	/** Parses a {@code Last-Event-ID}; anything unreadable counts as none (the page gets the latest). */
	static StreamId parse(String lastEventId) {
		if (lastEventId == null) {
			return NONE;
		}
		int dot = lastEventId.indexOf('.');
		try {
			if (dot < 0) {
				return new StreamId(Long.parseLong(lastEventId.strip()), -1);
			}
			return new StreamId(Long.parseLong(lastEventId.substring(0, dot).strip()),
					Long.parseLong(lastEventId.substring(dot + 1).strip()));
		}
		catch (NumberFormatException ex) {
			return NONE;
		}
	}

	@Override
	public int compareTo(StreamId other) {
		int byVersion = Long.compare(featureVersion, other.featureVersion);
		return byVersion != 0 ? byVersion : Long.compare(release, other.release);
	}

	@Override
	public String toString() {
		return featureVersion + "." + release;
	}

}
