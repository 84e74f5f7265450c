package io.onramp.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the event capture API. */
@ConfigurationProperties("onramp.capture")
public class CaptureProperties {

	/**
	 * The applications that may send events, by name ({@code onramp.capture.write-keys.<application>.*}),
	 * each with the SHA-256 (hex) of its write key, never the key itself. A request without a known key is
	 * refused with 401. Mint a key with {@code openssl rand -hex 24} and store
	 * {@code printf %s KEY | sha256sum}.
	 */
	private Map<String, WriteKey> writeKeys = new LinkedHashMap<>();

	/** Largest request body, before and after gzip decompression; larger is refused with 413. */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * How far ahead of the server's clock an event's {@code occurredAt} may be. Later times are clamped to
	 * the server's receive time and the client's time is kept in {@code properties.clientOccurredAt}.
	 */
	private Duration maxClockSkew = Duration.ofMinutes(5);

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

	public Map<String, WriteKey> getWriteKeys() {
		return writeKeys;
	}

	public void setWriteKeys(Map<String, WriteKey> writeKeys) {
		this.writeKeys = writeKeys;
	}

	public DataSize getMaxBodySize() {
		return maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Duration getMaxClockSkew() {
		return maxClockSkew;
	}

	public void setMaxClockSkew(Duration maxClockSkew) {
		this.maxClockSkew = maxClockSkew;
	}

	/** One application allowed to send events (its name is its key in {@code write-keys}, used in logs and metrics). */
	public static class WriteKey {

		/** The value to configure as {@code key-sha256} for a write key: its SHA-256, 64 hex digits. */
		public static String hash(String writeKey) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(writeKey.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** SHA-256 of the write key, 64 hex digits. */
		private String keySha256;

		/** Origins (scheme://host:port) whose pages may send events with this key from the browser (CORS). */
		private List<String> allowedOrigins = new ArrayList<>();

		/** Events per second this key may send, per capture instance; more is refused with 429 and Retry-After. */
		private long eventsPerSecond = 1_000;

		/** Events this key may send at once above its rate, from a bucket that refills at the rate. */
		private long burst = 2_000;

		public String getKeySha256() {
			return keySha256;
		}

		public void setKeySha256(String keySha256) {
			this.keySha256 = keySha256;
		}

		public List<String> getAllowedOrigins() {
			return allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public long getEventsPerSecond() {
			return eventsPerSecond;
		}

		public void setEventsPerSecond(long eventsPerSecond) {
			this.eventsPerSecond = eventsPerSecond;
		}

		public long getBurst() {
			return burst;
		}

		public void setBurst(long burst) {
			this.burst = burst;
		}

	}

	public int getRetryAfterSeconds() {
		return retryAfterSeconds;
	}

	public void setRetryAfterSeconds(int retryAfterSeconds) {
		this.retryAfterSeconds = retryAfterSeconds;
	}

}
