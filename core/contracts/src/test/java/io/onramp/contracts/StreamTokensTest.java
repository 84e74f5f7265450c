package io.onramp.contracts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTokensTest {

	private static final String SECRET = "a-secret-of-at-least-32-bytes-length!";

	private final Instant now = Instant.parse("2026-11-27T09:00:00Z");

	private final StreamTokens tokens = new StreamTokens(SECRET, Clock.fixed(now, ZoneOffset.UTC));

	@Test
	void aTokenOpensItsOwnUsersStreamOnly() {
		String token = tokens.mint("user-1", Duration.ofMinutes(15));
		assertThatCode(() -> tokens.verify(token, "user-1")).doesNotThrowAnyException();
		assertThatThrownBy(() -> tokens.verify(token, "user-2")).hasMessage("the stream token is for another user");
	}

	@Test
	void expiredForgedOrMissingTokensAreRefusedWithTheReason() {
		String token = tokens.mint("user-1", Duration.ofMinutes(15));
		StreamTokens later = new StreamTokens(SECRET, Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
		assertThatThrownBy(() -> later.verify(token, "user-1")).hasMessage("the stream token has expired");
		StreamTokens otherSecret = new StreamTokens("another-secret-of-at-least-32-bytes!!", Clock.fixed(now, ZoneOffset.UTC));
		assertThatThrownBy(() -> otherSecret.verify(token, "user-1")).hasMessage("the stream token's signature is not valid");
		assertThatThrownBy(() -> tokens.verify("not.a.jwt", "user-1")).hasMessage("the stream token is not a signed JWT");
		assertThatThrownBy(() -> tokens.verify(null, "user-1")).hasMessage("no stream token");
	}

	@Test
	void refusesWeakSecretsAndLongLivedTokens() {
		assertThatThrownBy(() -> new StreamTokens("short")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least 32 bytes");
		assertThatThrownBy(() -> tokens.mint("user-1", Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
	}

}
