package io.onramp.capture;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

	private static final Instant RECEIVED = Instant.parse("2026-11-28T09:00:00.123Z");

	@Test
	void anIdIsAVersion7UuidStartingWithTheReceiptMillisecond() {
		UUID id = UUID.fromString(EventIds.next(RECEIVED));

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(RECEIVED.toEpochMilli());
	}

	@Test
	void idsSortByReceiptTime() {
		String earlier = EventIds.next(RECEIVED);
		String later = EventIds.next(RECEIVED.plusMillis(1));

		assertThat(earlier).isLessThan(later);
	}

	@Test
	void idsDrawnOnManyThreadsInTheSameMillisecondAreAllDifferent() {
		Set<String> drawn = ConcurrentHashMap.newKeySet();

		IntStream.range(0, 200_000).parallel().forEach(i -> drawn.add(EventIds.next(RECEIVED)));

		assertThat(drawn).hasSize(200_000);
	}

}
