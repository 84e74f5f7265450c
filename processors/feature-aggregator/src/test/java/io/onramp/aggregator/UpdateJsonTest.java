package io.onramp.aggregator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.onramp.contracts.Event;
import io.onramp.contracts.FeatureUpdate;
import io.onramp.contracts.OnrampJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's updates ({@link FeatureAggregation.UpdateJson}) are the JSON of the {@link FeatureUpdate},
 * as Jackson writes it, with the event as the record brought it.
 */
class UpdateJsonTest {

	@Test
	void writesAThousandRandomUpdatesAsJacksonWritesTheFeatureUpdate() {
		Random random = new Random(20261129);
		for (int i = 0; i < 1_000; i++) {
			FeatureUpdate update = update(random, i);
			byte[] eventRecord = OnrampJson.mapper().writeValueAsBytes(update.event());
			String json = OnrampJson.mapper().writeValueAsString(FeatureAggregation.UpdateJson.of(update, eventRecord));
			assertThat(json).as("update %d", i).isEqualTo(OnrampJson.mapper().writeValueAsString(update));
		}
	}

	@Test
	void writesTheEventAsItCameWithoutAByteOrderMark() {
		String record = "{ \"eventId\": \"e-1\", \"type\": \"click\", \"userId\": \"u\", \"occurredAt\": \"2026-11-27T09:00:00Z\", \"x\": [1] }";
		byte[] withBom = ("\uFEFF" + record).getBytes(StandardCharsets.UTF_8);
		FeatureUpdate update = new FeatureUpdate("u", 1, Map.of(), Set.of(), OnrampJson.mapper().readValue(withBom, Event.class), false);

		assertThat(OnrampJson.mapper().writeValueAsString(FeatureAggregation.UpdateJson.of(update, withBom)))
			.isEqualTo("{\"userId\":\"u\",\"version\":1,\"features\":{},\"changed\":[],\"event\":" + record + ",\"duplicate\":false}");
	}

	private static FeatureUpdate update(Random random, int i) {
		Map<String, Object> features = new LinkedHashMap<>();
		Set<String> changed = new LinkedHashSet<>();
		for (int f = 0; f < random.nextInt(20); f++) {
			String name = "feature_" + f + (f % 5 == 4 ? " \"quoted\" \\ ü\t💡" : "");
			Object value = switch (random.nextInt(4)) {
				case 0 -> random.nextLong();
				case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
				case 2 -> "text \"" + random.nextInt() + "\"\n💡 \\";
				default -> List.of(1L, "two", Map.of("three", 3.5));
			};
			features.put(name, value);
			if (random.nextBoolean()) {
				changed.add(name);
			}
		}
		Instant at = Instant.ofEpochMilli(1_795_770_000_000L + random.nextInt(1_000_000_000));
		Event event = i % 2 == 0
				? new Event("e-" + i, "click", "u-" + i, null, "s-1", at, at.plusNanos(random.nextInt(1_000_000_000)), null, Map.of(), 1)
				: new Event("e-" + i, "page_view", null, "anon-" + i, null, at, at,
						new Event.EventContext("mobile", "iOS", null, "de-DE", new Event.Page("/start", "Willkommen \"hier\""), null),
						Map.of("step", 3L, "plan", "pro"), null);
		return new FeatureUpdate(i % 7 == 0 ? null : "u-" + i, random.nextLong(1, Long.MAX_VALUE), features, changed, event,
				random.nextBoolean());
	}

}
