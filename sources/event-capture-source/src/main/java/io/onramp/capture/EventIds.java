package io.onramp.capture;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events sent without one: UUID version 7 (RFC 9562), the receipt time in milliseconds followed
 * by 74 random bits, so ids sort by when the API received them.
 *
 * <p>Not {@link UUID#randomUUID()}: it draws from one {@code SecureRandom} that every request thread
 * locks, and a profile of the capture API under load showed request threads waiting on that lock for
 * 20-30 ms at a time. An event id is an identifier, not a secret (clients may choose their own), so the
 * random bits come from each thread's {@link ThreadLocalRandom}.
 */
final class EventIds {

	private EventIds() {
	}

	/** A new id for an event received at {@code receivedAt}. */
	static String next(Instant receivedAt) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = receivedAt.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
		long mostSignificant = millis << 16 | 0x7000L | random.nextInt(1 << 12);
		long leastSignificant = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

}
