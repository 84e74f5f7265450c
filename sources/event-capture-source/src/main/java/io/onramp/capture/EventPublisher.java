package io.onramp.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.onramp.contracts.Event;
import io.onramp.stream.JsonMessages;

/**
 * Sends accepted events to the {@code output} binding and returns only once the broker has them.
 *
 * <p>The whole batch is sent first and the acknowledgements awaited together: on Kafka ({@code acks=all})
 * through {@link KafkaAcks}, each message tagged with a send id the binder hands back on the
 * record-metadata channel; on RabbitMQ through publisher confirms, each message carrying a correlation.
 * Either way, a failure or a missing acknowledgement within {@code onramp.capture.ack-timeout} surfaces
 * as {@link BrokerUnavailableException} and the API answers 503, never 202.
 *
 * <p>Events leave as JSON written here ({@link JsonMessages}); the output binding uses native encoding, so
 * the binder sends the bytes as they are. Sent as objects, each was converted by Spring Cloud Function under
 * {@link StreamBridge}'s one lock, which every request thread shares.
 */
class EventPublisher {

	private static final JsonMessages<Event> JSON = new JsonMessages<>(Event.class);

	static final String BINDING = "output";

	private final StreamBridge streamBridge;

	/** How the broker acknowledges: RabbitMQ confirms, Kafka acks, or nothing to wait for (the test binder). */
	enum Acknowledgement {
		RABBIT_CONFIRMS, KAFKA_ACKS, NONE
	}

	private final Supplier<Acknowledgement> acknowledgement;

	private final KafkaAcks kafkaAcks;

	private final Duration ackTimeout;

	EventPublisher(StreamBridge streamBridge, Supplier<Acknowledgement> acknowledgement, KafkaAcks kafkaAcks,
			Duration ackTimeout) {
		this.streamBridge = streamBridge;
		this.acknowledgement = acknowledgement;
		this.kafkaAcks = kafkaAcks;
		this.ackTimeout = ackTimeout;
	}

	void publish(List<Event> events) {
		Acknowledgement mode = acknowledgement.get();
		List<CorrelationData> confirms = new ArrayList<>();
		List<KafkaAcks.Pending> acks = new ArrayList<>();
		try {
			for (Event event : events) {
				MessageBuilder<byte[]> message = JSON.builder(event, event.partitionKey());
				if (mode == Acknowledgement.RABBIT_CONFIRMS) {
					CorrelationData confirm = new CorrelationData(event.eventId());
					message.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, confirm);
					confirms.add(confirm);
				}
				else if (mode == Acknowledgement.KAFKA_ACKS) {
					KafkaAcks.Pending pending = kafkaAcks.register();
					message.setHeader(KafkaAcks.SEND_ID, pending.id());
					acks.add(pending);
				}
				send(message.build());
			}
			for (CorrelationData confirm : confirms) {
				awaitConfirm(confirm);
			}
			long deadline = System.nanoTime() + ackTimeout.toNanos();
			for (KafkaAcks.Pending pending : acks) {
				awaitAck(pending, deadline);
			}
		}
		catch (RuntimeException ex) {
			if (ex instanceof BrokerUnavailableException) {
				throw ex;
			}
			throw new BrokerUnavailableException("the broker did not take the events: " + ex.getMessage(), ex);
		}
		finally {
			acks.forEach(pending -> kafkaAcks.forget(pending.id()));
		}
	}

	private void awaitAck(KafkaAcks.Pending pending, long deadline) {
		try {
			pending.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("interrupted while waiting for the broker", ex);
		}
		catch (ExecutionException ex) {
			throw new BrokerUnavailableException("Kafka refused an event: " + ex.getCause().getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new BrokerUnavailableException("no acknowledgement from Kafka within " + ackTimeout, ex);
		}
	}

	private void send(Message<byte[]> message) {
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
