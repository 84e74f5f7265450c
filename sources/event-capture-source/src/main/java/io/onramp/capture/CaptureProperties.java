package io.onramp.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the event capture API. */
@ConfigurationProperties("onramp.capture")
public class CaptureProperties {

	/**
	 * Origins (scheme://host:port) whose pages may post events from the browser (CORS). Empty: none, only
	 * same-origin pages and servers.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/** Most events one request may carry; a larger batch is refused with 413 and nothing is sent. */
	private int maxBatchSize = 500;

	/** How long a request waits for the broker to acknowledge its events before answering 503. */
	private Duration ackTimeout = Duration.ofSeconds(10);

	/** Seconds a client is told to wait (Retry-After) when the broker is unavailable. */
	private int retryAfterSeconds = 5;

	public int getMaxBatchSize() {
		return maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Duration getAckTimeout() {
		return ackTimeout;
	}

	public void setAckTimeout(Duration ackTimeout) {
		this.ackTimeout = ackTimeout;
	}

	public List<String> getAllowedOrigins() {
		return allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public int getRetryAfterSeconds() {
		return retryAfterSeconds;
	}

	public void setRetryAfterSeconds(int retryAfterSeconds) {
		this.retryAfterSeconds = retryAfterSeconds;
	}

}
