package io.onramp.lake;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

import io.onramp.contracts.Event;
import io.onramp.stream.RejectedRecords;

/**
 * The lake sink's stream function, on a batch of raw events (a Kafka poll or a RabbitMQ consumer batch):
 * each event goes to the {@link LakeWriter}, and the batch's acknowledgement goes with its last record, so
 * the writer gives it once the file holding that record, and so every record before it, is published. A
 * record that is not an event goes to the rejected destination and is acknowledged in its turn, after the
 * events that came before it.
 */
final class LakeSink implements Consumer<Message<?>> {

	private static final Logger log = LoggerFactory.getLogger(LakeSink.class);

	private final LakeWriter writer;

	private final RejectedRecords rejected;

	private volatile boolean warnedAutomaticAcknowledgement;

	LakeSink(LakeWriter writer, RejectedRecords rejected) {
		this.writer = writer;
		this.rejected = rejected;
	}

	@Override
	public void accept(Message<?> batch) {
		Acknowledgement acknowledgement = Acknowledgement.of(batch);
		if (acknowledgement == Acknowledgement.NONE && !warnedAutomaticAcknowledgement) {
			warnedAutomaticAcknowledgement = true;
			log.warn("The binder acknowledges input before it is in the lake: a crash may lose buffered events. "
					+ "Keep the defaults ack-mode=MANUAL (Kafka) and acknowledge-mode=MANUAL (RabbitMQ)");
		}
		// The input binding uses native decoding: the function layer hands the binder's List<byte[]> on as it
		// is. (Typed Message<List<byte[]>>, it would convert each JSON record to byte[] and fail.)
		List<?> records = batch.getPayload() instanceof List<?> list ? list : List.of(batch.getPayload());
		for (int i = 0; i < records.size(); i++) {
			byte[] record = (byte[]) records.get(i);
			Acknowledgement inTurn = i == records.size() - 1 ? acknowledgement : Acknowledgement.NONE;
			Event event = rejected.decode(record);
			if (event == null) {
				writer.skip(inTurn);
			}
			else {
				writer.add(event, record.length, inTurn);
			}
		}
	}

}
