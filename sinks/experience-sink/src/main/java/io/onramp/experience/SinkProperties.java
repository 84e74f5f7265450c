package io.onramp.experience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the experience sink and its delivery to open pages. */
@ConfigurationProperties("onramp.sink")
public class SinkProperties {

	/** How long a user's latest experience is kept after it was last decided. */
	private Duration experienceTtl = Duration.ofDays(30);

	/** How often an idle SSE stream gets a comment line, so proxies keep it open and dead clients are found. */
	private Duration heartbeatInterval = Duration.ofSeconds(15);

	/** How long one SSE response stays open; the browser's EventSource then reconnects on its own. */
	private Duration streamTimeout = Duration.ofMinutes(30);

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

}
