package io.onramp.features;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredFeaturesTest {

	private final StoredFeatures stored = new StoredFeatures(FeatureRegistry.defaults());

	@Test
	void wholeNumbersReadAsLongsAndTheRestAsDoubles() {
		assertThat(StoredFeatures.number("42")).isEqualTo(42L);
		assertThat(StoredFeatures.number("-7")).isEqualTo(-7L);
		assertThat(StoredFeatures.number("+3")).isEqualTo(3L);
		assertThat(StoredFeatures.number("9007199254740991")).isEqualTo(9_007_199_254_740_991L);
		assertThat(StoredFeatures.number("0.4")).isEqualTo(0.4);
		assertThat(StoredFeatures.number("-0.125")).isEqualTo(-0.125);
		assertThat(StoredFeatures.number("1e+20")).isEqualTo(1e20);
		assertThat(StoredFeatures.number("1.5E-7")).isEqualTo(1.5e-7);
		// More digits than a long holds: the value as a double, as the script's running sums can be.
		assertThat(StoredFeatures.number("123456789012345678901")).isEqualTo(1.2345678901234568e20);
	}

	@Test
	void decodingTypesTheFeaturesAndLeavesTheBookkeepingOut() {
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("events_total", "12");
		hash.put("engagement_score", "0.374");
		hash.put("device_type", "mobile");
		hash.put("version", "12");
		hash.put("_watermark", "1764406800000");
		hash.put("_raw:engagement_score", "5.97");
		assertThat(stored.decode(hash)).containsExactly(Map.entry("events_total", 12L), Map.entry("engagement_score", 0.374),
				Map.entry("device_type", "mobile"));
		assertThat(StoredFeatures.version(hash)).isEqualTo(12);
	}

}
