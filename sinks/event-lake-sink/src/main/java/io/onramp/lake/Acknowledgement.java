package io.onramp.lake;

import java.io.IOException;
import java.util.List;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Tells the broker that an input message is safely stored, so it is never delivered again. The lake sink
 * consumes with manual acknowledgement on both brokers and acknowledges a message only once the file that
 * holds its event is published.
 */
@FunctionalInterface
interface Acknowledgement {

	/** For a message the binder acknowledged itself (no manual acknowledgement configured). */
	Acknowledgement NONE = () -> {
	};

	void acknowledge() throws IOException;

	/**
	 * The acknowledgement the binder attached to {@code message}, a single record or a batch (a {@link List}
	 * payload): a Kafka {@link Acknowledgment}, which commits the offsets of every record of the message on
	 * the consumer's next poll; or a RabbitMQ channel and delivery tag, for a batch the tag of its last
	 * record, acknowledged with every earlier one on the channel (the sink acknowledges in the order messages
	 * came, so those are stored too).
	 */
	static Acknowledgement of(Message<?> message) {
		Acknowledgment kafka = message.getHeaders().get(KafkaHeaders.ACKNOWLEDGMENT, Acknowledgment.class);
		if (kafka != null) {
			return kafka::acknowledge;
		}
		Channel channel = message.getHeaders().get(AmqpHeaders.CHANNEL, Channel.class);
		Long deliveryTag = message.getHeaders().get(AmqpHeaders.DELIVERY_TAG, Long.class);
		if (channel != null && deliveryTag != null) {
			boolean upToThisOne = message.getPayload() instanceof List;
			return () -> channel.basicAck(deliveryTag, upToThisOne);
		}
		return NONE;
	}

}
