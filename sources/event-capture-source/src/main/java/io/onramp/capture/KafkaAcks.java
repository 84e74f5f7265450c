package io.onramp.capture;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Kafka acknowledgements of the events being sent, so a request can send all its events at once and wait
 * for every acknowledgement together (instead of one synchronous send after another).
 *
 * <p>Each message carries a {@value #SEND_ID} header. The binder sends the message back on the
 * {@code record-metadata-channel} once Kafka acknowledged it ({@code acks=all}), or an error message on the
 * binding's error channel when the send failed; either completes the message's future.
 */
class KafkaAcks {

	/** The header that ties an acknowledgement (or failure) to its send. */
	static final String SEND_ID = "onramp_send_id";

	private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	/** A new send id and the future its acknowledgement completes. */
	Pending register() {
		String id = Long.toString(sequence.incrementAndGet());
		CompletableFuture<Void> acknowledged = new CompletableFuture<>();
		pending.put(id, acknowledged);
		return new Pending(id, acknowledged);
	}

	void forget(String id) {
		pending.remove(id);
	}

	/** A message Kafka acknowledged, from the record-metadata channel. */
	void acknowledged(Message<?> sent) {
		CompletableFuture<Void> future = take(sent.getHeaders());
		if (future != null) {
			future.complete(null);
		}
	}

	/** A failed send, from the error channel. */
	void failed(Message<?> error) {
		if (error instanceof ErrorMessage errorMessage && errorMessage.getPayload() instanceof MessagingException failure
				&& failure.getFailedMessage() != null) {
			CompletableFuture<Void> future = take(failure.getFailedMessage().getHeaders());
			if (future != null) {
				future.completeExceptionally(failure);
			}
		}
	}

	private CompletableFuture<Void> take(MessageHeaders headers) {
		Object id = headers.get(SEND_ID);
		return id == null ? null : pending.remove(id.toString());
	}

	/**
	 * @param id the send id to put in the {@value #SEND_ID} header
	 * @param acknowledged completed when Kafka acknowledged the message, exceptionally when the send failed
	 */
	record Pending(String id, CompletableFuture<Void> acknowledged) {
	}

}
