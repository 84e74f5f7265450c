package io.onramp.aggregator;

import java.net.ConnectException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.BadSqlGrammarException;

import io.onramp.stream.OutageRetry;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures the aggregator waits out (retrying the batch) and which it hands to the binder at once. */
class OutageClassificationTest {

	@Test
	void unreachableRedisOrPostgresIsAnOutage() {
		assertThat(OutageRetry.isOutage(new RedisConnectionFailureException("refused"))).isTrue();
		assertThat(OutageRetry.isOutage(new RedisConnectionException("refused"))).isTrue();
		assertThat(OutageRetry.isOutage(new RedisCommandTimeoutException("timed out"))).isTrue();
		assertThat(OutageRetry.isOutage(new RedisSystemException("wrapped", new RedisCommandExecutionException(
				"LOADING Redis is loading the dataset in memory")))).isTrue();
		assertThat(OutageRetry.isOutage(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"))).isTrue();
		assertThat(OutageRetry.isOutage(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(OutageRetry.isOutage(new IllegalStateException("wrapped", new ConnectException("refused")))).isTrue();
	}

	/**
	 * Found by the fault drill: Redis killed while a pipelined batch waited for its replies failed the batch
	 * with the connection's I/O error, which was not waited out, so the batch went to the dead-letter
	 * destination (accepted events missing from the features until replayed).
	 */
	@Test
	void aConnectionLostWhileWaitingForRepliesIsAnOutage() {
		RuntimeException reset = RedisFeatureStore.failure(new java.io.IOException("recvAddress(..) failed: Connection reset by peer"));
		assertThat(reset).isInstanceOf(RedisConnectionFailureException.class);
		assertThat(OutageRetry.isOutage(reset)).isTrue();
		assertThat(OutageRetry.isOutage(new IllegalStateException("wrapped", new java.io.IOException("Broken pipe")))).isTrue();
		assertThat(OutageRetry.isOutage(new org.springframework.dao.QueryTimeoutException("Redis did not answer"))).isTrue();
		RuntimeException lettuce = new RedisCommandExecutionException("ERR user_script:1: boom");
		assertThat(RedisFeatureStore.failure(lettuce)).isSameAs(lettuce);
	}

	@Test
	void aBugIsNotWaitedOut() {
		assertThat(OutageRetry.isOutage(new RedisCommandExecutionException(
				"ERR user_script:12: attempt to compare nil with number"))).isFalse();
		assertThat(OutageRetry.isOutage(new BadSqlGrammarException("insert", "INSERT", new java.sql.SQLException()))).isFalse();
		assertThat(OutageRetry.isOutage(new NullPointerException())).isFalse();
	}

}
