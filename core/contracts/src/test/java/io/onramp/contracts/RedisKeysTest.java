package io.onramp.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisKeysTest {

	private final RedisKeys keys = new RedisKeys("onramp");

	@Test
	void everyKeyOfAUserSharesItsHashTag() {
		assertThat(keys.features("u-1")).isEqualTo("onramp:{u-1}:features");
		assertThat(keys.appliedEvent("u-1", "e-9")).isEqualTo("onramp:{u-1}:applied:e-9");
		assertThat(keys.featureState("u-1", "steps_completed")).isEqualTo("onramp:{u-1}:state:steps_completed");
		assertThat(keys.lastDecision("u-1")).contains("{u-1}");
		assertThat(keys.experience("u-1")).contains("{u-1}");
	}

	@Test
	void aPrefixWithBracesWouldBreakTheHashTagAndIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("on{ramp}"));
	}

}
