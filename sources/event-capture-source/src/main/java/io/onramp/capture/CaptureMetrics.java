package io.onramp.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the capture API took and refused, on the Prometheus endpoint as
 * {@code onramp_capture_events_accepted_total} and {@code onramp_capture_requests_rejected_total{reason}}
 * (reason: invalid, unauthorized, forbidden, too_large, unsupported, rate_limited, broker_unavailable).
 * Latency is Spring MVC's {@code http_server_requests_seconds} histogram (uri {@code /v1/events}).
 */
class CaptureMetrics {

	private final MeterRegistry meters;

	private final Counter accepted;

	CaptureMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.accepted = Counter.builder("onramp.capture.events.accepted")
			.description("Events the broker acknowledged and the API answered 202 for")
			.register(meters);
	}

	void accepted(int events) {
		accepted.increment(events);
	}

	void rejected(String reason) {
		Counter.builder("onramp.capture.requests.rejected")
			.description("Requests refused, nothing of them sent, by reason")
			.tag("reason", reason)
			.register(meters)
			.increment();
	}

}
