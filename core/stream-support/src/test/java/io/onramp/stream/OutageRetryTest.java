package io.onramp.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch's work is run again while what it needs is unreachable, and a bug is handed on at once. */
class OutageRetryTest {

	@Test
	void anOutageIsWaitedOutAndTheWorkDoneOnceItIsOver() {
		AtomicInteger attempts = new AtomicInteger();
		String result = new OutageRetry(Duration.ofSeconds(10)).run(() -> {
			if (attempts.incrementAndGet() < 3) {
				throw new RedisConnectionException("Connection refused");
			}
			return "applied";
		}, "a batch");

		assertThat(result).isEqualTo("applied");
		assertThat(attempts).hasValue(3);
	}

	@Test
	void aFailureThatIsNotAnOutageIsThrownAtOnce() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatThrownBy(() -> new OutageRetry(Duration.ofSeconds(10)).run(() -> {
			attempts.incrementAndGet();
			throw new IllegalArgumentException("a bug");
		}, "a batch")).isInstanceOf(IllegalArgumentException.class).hasMessage("a bug");
		assertThat(attempts).hasValue(1);
	}

	@Test
	void anOutageThatOutlastsTheTimeoutIsThrownForTheBinderToParkTheBatch() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatThrownBy(() -> new OutageRetry(Duration.ofMillis(500)).run(() -> {
			attempts.incrementAndGet();
			throw new DataAccessResourceFailureException("Postgres is gone");
		}, "a batch")).isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(attempts.get()).isBetween(2, 4);
	}

	@Test
	void aCheckedFailureIsWrappedWithWhatFailed() {
		assertThatThrownBy(() -> new OutageRetry(Duration.ofSeconds(1)).run(() -> {
			throw new Exception("checked");
		}, "Applying a batch of 3 events")).isInstanceOf(IllegalStateException.class)
			.hasMessage("Applying a batch of 3 events failed");
	}

}
