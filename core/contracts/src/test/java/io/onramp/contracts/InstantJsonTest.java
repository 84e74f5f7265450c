package io.onramp.contracts;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Instants read by {@link OnrampJson}'s mapper (RFC 3339 by ITU, the rest by Jackson) come out as Jackson's
 * own reading gives them, and what neither takes fails as it did; instants it writes read as Jackson wrote them.
 */
class InstantJsonTest {

	private static final JsonMapper JACKSON = JsonMapper.builder().build();

	record Stamped(Instant at) {
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"2026-11-27T09:00:00Z"                | 2026-11-27T09:00:00Z
			"2026-11-27T09:00:00.123Z"            | 2026-11-27T09:00:00.123Z
			"2026-11-27T09:00:00.123456789Z"      | 2026-11-27T09:00:00.123456789Z
			"2026-11-27T10:30:00+01:30"           | 2026-11-27T09:00:00Z
			"2026-11-27T04:00:00.5-05:00"         | 2026-11-27T09:00:00.5Z
			"1969-12-31T23:59:59.999Z"            | 1969-12-31T23:59:59.999Z
			"2024-02-29T23:59:59Z"                | 2024-02-29T23:59:59Z
			1795770000                            | 2026-11-27T09:00:00Z
			1795770000.25                         | 2026-11-27T09:00:00.25Z
			""")
	void readsWhatJacksonReadsAsJacksonDoes(String json, Instant expected) {
		String document = "{\"at\":" + json + "}";
		assertThat(OnrampJson.mapper().readValue(document, Stamped.class).at()).isEqualTo(expected)
			.isEqualTo(JACKSON.readValue(document, Stamped.class).at());
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"2026-11-27\"", "\"yesterday\"", "\"2026-02-30T09:00:00Z\"", "\"2026-11-27T25:00:00Z\"", "true" })
	void failsWhereJacksonFails(String json) {
		String document = "{\"at\":" + json + "}";
		assertThatThrownBy(() -> JACKSON.readValue(document, Stamped.class)).isInstanceOf(DatabindException.class);
		assertThatThrownBy(() -> OnrampJson.mapper().readValue(document, Stamped.class)).isInstanceOf(DatabindException.class)
			.hasMessageContaining("Instant");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-27T09:00:00Z", "2026-11-27T09:00:00.001Z", "1970-01-01T00:00:00Z" })
	void writesAndReadsBackTheSameInstant(Instant at) {
		assertThat(OnrampJson.mapper().readValue(OnrampJson.mapper().writeValueAsString(new Stamped(at)), Stamped.class).at())
			.isEqualTo(at);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-27T09:00:00Z", "2026-11-27T09:00:00.100Z", "2026-11-27T09:00:00.000100Z",
			"2026-11-27T09:00:00.000000001Z", "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
			"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z" })
	void writesInstantsAsJacksonWritesThem(Instant at) {
		assertThat(OnrampJson.mapper().writeValueAsString(new Stamped(at))).isEqualTo(JACKSON.writeValueAsString(new Stamped(at)));
	}

	@Test
	void writesTenThousandRandomInstantsAsJacksonWritesThem() {
		Random random = new Random(20261129);
		for (int i = 0; i < 10_000; i++) {
			long second = -62_167_219_200L + (long) (random.nextDouble() * 315_537_897_600L);
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			Stamped stamped = new Stamped(Instant.ofEpochSecond(second, nanos));
			assertThat(OnrampJson.mapper().writeValueAsString(stamped)).as("instant %s", stamped.at())
				.isEqualTo(JACKSON.writeValueAsString(stamped));
		}
	}

}
