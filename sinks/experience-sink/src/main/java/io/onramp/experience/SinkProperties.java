package io.onramp.experience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the experience sink and its delivery to open pages. */
@ConfigurationProperties("onramp.sink")
public class SinkProperties {

	/** How long a user's latest experience is kept after it was last decided. */
	private Duration experienceTtl = Duration.ofDays(30);

	/**
	 * How long a batch of decisions is retried, with backoff from 200 ms to 5 s, while Redis is unreachable.
	 * Past that the binder parks the batch in its dead-letter destination for replay. On Kafka keep it well
	 * under the consumer's {@code max.poll.interval.ms} (5 minutes by default).
	 */
	private Duration outageRetry = Duration.ofMinutes(2);

	/** How often an idle SSE stream gets a comment line, so proxies keep it open and dead clients are found. */
	private Duration heartbeatInterval = Duration.ofSeconds(15);

	/** How long one SSE response stays open; the browser's EventSource then reconnects on its own. */
	private Duration streamTimeout = Duration.ofMinutes(30);

	/**
	 * The secret (at least 32 bytes) the product's backend signs stream tokens with (HS256 JWTs, see
	 * {@code io.onramp.contracts.StreamTokens}). Required: a page reads a user's experience only with a token
	 * for that user. Supply it from a secret store, never in a committed file.
	 */
	private String streamTokenSecret;

	/**
	 * Origins (scheme://host:port) whose pages may read experiences cross-origin (CORS). Empty: same origin
	 * only.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Most SSE events that may wait for one stream. A page that does not read fast enough to stay under it
	 * is dropped (its EventSource reconnects and resumes), so it never holds up the others.
	 */
	private int maxPendingPerStream = 32;

	/** Threads that write SSE events to streams. A write to a page that does not read takes one of them. */
	private int sendThreads = 8;

	/** The demo onboarding page, for trying Onramp locally; off in a real deployment. */
	private final Demo demo = new Demo();

	public Duration getOutageRetry() {
		return outageRetry;
	}

	public void setOutageRetry(Duration outageRetry) {
		this.outageRetry = outageRetry;
	}

	public Duration getExperienceTtl() {
		return experienceTtl;
	}

	public void setExperienceTtl(Duration experienceTtl) {
		this.experienceTtl = experienceTtl;
	}

	public Duration getHeartbeatInterval() {
		return heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getStreamTimeout() {
		return streamTimeout;
	}

	public void setStreamTimeout(Duration streamTimeout) {
		this.streamTimeout = streamTimeout;
	}

	public String getStreamTokenSecret() {
		return streamTokenSecret;
	}

	public void setStreamTokenSecret(String streamTokenSecret) {
		this.streamTokenSecret = streamTokenSecret;
	}

	public List<String> getAllowedOrigins() {
		return allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public int getMaxPendingPerStream() {
		return maxPendingPerStream;
	}

	public void setMaxPendingPerStream(int maxPendingPerStream) {
		this.maxPendingPerStream = maxPendingPerStream;
	}

	public int getSendThreads() {
		return sendThreads;
	}

	public void setSendThreads(int sendThreads) {
		this.sendThreads = sendThreads;
	}

	public Demo getDemo() {
		return demo;
	}

	/** The demo onboarding page at {@code /demo/}. */
	public static class Demo {

		/**
		 * Serve the demo page and {@code POST /demo/session}, which signs in a new demo user and mints their
		 * stream token, standing in for a product's backend. Never enable it where real users are.
		 */
		private boolean enabled;

		/** Where the demo page sends its events: the capture API's base URL. */
		private String captureUrl = "http://localhost:8080";

		/** The write key the demo page sends its events with (one of the capture API's keys). */
		private String writeKey;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getWriteKey() {
			return writeKey;
		}

		public void setWriteKey(String writeKey) {
			this.writeKey = writeKey;
		}

		public String getCaptureUrl() {
			return captureUrl;
		}

		public void setCaptureUrl(String captureUrl) {
			this.captureUrl = captureUrl;
		}

	}

}
