package io.onramp.stream;

import java.time.Duration;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.util.ClassUtils;

/**
 * Runs a batch's work again, with backoff from 200 ms to 5 s, while what it needs (Redis, Postgres) is
 * unreachable, for at most a given time; any other failure, or an outage that outlasts it, is thrown at once
 * to the binder, which parks the batch in its dead-letter destination. Batch consumers need this of their
 * own: the binders' retries apply to single messages only.
 */
public final class OutageRetry {

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisException",
			OutageRetry.class.getClassLoader());

	private final RetryTemplate retry;

	/**
	 * @param timeout how long an outage is waited out; on Kafka keep it well under the consumer's
	 * {@code max.poll.interval.ms}
	 */
	public OutageRetry(Duration timeout) {
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.predicate(OutageRetry::isOutage)
			.maxRetries(Long.MAX_VALUE)
			.timeout(timeout)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.build());
	}

	/**
	 * The result of {@code work}, run again while it fails with an outage.
	 * @param what what the work is, for the message of a failure that is not a runtime exception
	 */
	public <T> T run(Retryable<T> work, String what) {
		try {
			return retry.execute(work);
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(what + " failed", cause);
		}
	}

	/** Whether the failure is Redis or Postgres being unreachable, which waiting can cure. */
	public static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException) {
				return true;
			}
			if (LETTUCE && LettuceOutage.is(cause)) {
				return true;
			}
			if (cause instanceof java.sql.SQLTransientException || cause instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

	/** Lettuce's own exceptions, which reach a pipelined caller untranslated; loaded only when Lettuce is. */
	private static final class LettuceOutage {

		static boolean is(Throwable cause) {
			if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
				return true;
			}
			return cause instanceof RedisCommandExecutionException redisError && redisError.getMessage() != null
					&& redisError.getMessage().matches("^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY).*");
		}

	}

}
