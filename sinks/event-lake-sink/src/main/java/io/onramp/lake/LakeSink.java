package io.onramp.lake;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

import io.onramp.contracts.Event;
import io.onramp.stream.RejectedRecords;

/**
 * The lake sink's stream function: each raw event goes to the {@link LakeWriter}, with the message's
 * acknowledgement, which the writer gives once the event's file is published. A record that is not an event
 * goes to the rejected destination and is acknowledged in its turn, after the events that came before it.
 */
final class LakeSink implements Consumer<Message<byte[]>> {

	private static final Logger log = LoggerFactory.getLogger(LakeSink.class);

	private final LakeWriter writer;

	private final RejectedRecords rejected;

	private volatile boolean warnedAutomaticAcknowledgement;

	LakeSink(LakeWriter writer, RejectedRecords rejected) {
		this.writer = writer;
		this.rejected = rejected;
	}

	@Override
	public void accept(Message<byte[]> message) {
		Acknowledgement acknowledgement = Acknowledgement.of(message);
		if (acknowledgement == Acknowledgement.NONE && !warnedAutomaticAcknowledgement) {
			warnedAutomaticAcknowledgement = true;
			log.warn("The binder acknowledges input before it is in the lake: a crash may lose buffered events. "
					+ "Keep the defaults ack-mode=MANUAL (Kafka) and acknowledge-mode=MANUAL (RabbitMQ)");
		}
		Event event = rejected.decode(message.getPayload());
		if (event == null) {
			writer.skip(acknowledgement);
		}
		else {
			writer.add(event, message.getPayload().length, acknowledgement);
		}
	}

}
