package io.onramp.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.Event;
import io.onramp.stream.StreamHeaders;

/**
 * Sends accepted events to the {@code output} binding and returns only once the broker has them.
 *
 * <p>On Kafka the binding is synchronous ({@code sync=true}, {@code acks=all}), so a send that returns
 * was acknowledged. On RabbitMQ each message carries a publisher-confirm correlation; the whole batch
 * is sent first and the confirms awaited together. Either way, a failure surfaces as
 * {@link BrokerUnavailableException} and the API answers 503, never 202.
 */
class EventPublisher {

	static final String BINDING = "output";

	private final StreamBridge streamBridge;

	private final boolean rabbitConfirms;

	private final Duration ackTimeout;

	EventPublisher(StreamBridge streamBridge, boolean rabbitConfirms, Duration ackTimeout) {
		this.streamBridge = streamBridge;
		this.rabbitConfirms = rabbitConfirms;
		this.ackTimeout = ackTimeout;
	}

	void publish(List<Event> events) {
		List<CorrelationData> confirms = new ArrayList<>();
		try {
			for (Event event : events) {
				MessageBuilder<Event> message = MessageBuilder.withPayload(event)
					.setHeader(StreamHeaders.PARTITION_KEY, event.partitionKey());
				if (rabbitConfirms) {
					CorrelationData confirm = new CorrelationData(event.eventId());
					message.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, confirm);
					confirms.add(confirm);
				}
				send(message.build());
			}
			for (CorrelationData confirm : confirms) {
				awaitConfirm(confirm);
			}
		}
		catch (RuntimeException ex) {
			if (ex instanceof BrokerUnavailableException) {
				throw ex;
			}
			throw new BrokerUnavailableException("the broker did not take the events: " + ex.getMessage(), ex);
		}
	}

	private void send(Message<Event> message) {
		if (!streamBridge.send(BINDING, message)) {
			throw new BrokerUnavailableException("the output binding refused the event", null);
		}
	}

	private void awaitConfirm(CorrelationData confirm) {
		try {
			CorrelationData.Confirm result = confirm.getFuture().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!result.ack()) {
				throw new BrokerUnavailableException("the broker refused event " + confirm.getId() + ": " + result.reason(), null);
			}
			if (confirm.getReturned() != null) {
				throw new BrokerUnavailableException("event " + confirm.getId() + " could not be routed to any queue", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while waiting for the broker", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new BrokerUnavailableException("no acknowledgement from the broker for event " + confirm.getId(), ex);
		}
	}

	/** The broker did not acknowledge every event of a request. */
	static class BrokerUnavailableException extends RuntimeException {

		BrokerUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
