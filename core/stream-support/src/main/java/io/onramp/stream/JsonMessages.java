package io.onramp.stream;

import tools.jackson.databind.ObjectWriter;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import io.onramp.contracts.OnrampJson;

/**
 * Messages of one type that an app sends as JSON it writes itself, for an output binding with
 * {@code producer.use-native-encoding=true}: the payload is the value's JSON, written by a writer resolved
 * once, with the {@code contentType} and {@value StreamHeaders#PARTITION_KEY} headers set. Spring Cloud
 * Function's output conversion (a content-type lookup, a converter search and a copy of the headers per
 * message, and through {@code StreamBridge} one lock for every sending thread) cost a fifth of the
 * aggregator's CPU and queued the capture API's requests.
 *
 * @param <T> the type of the values sent
 */
public final class JsonMessages<T> {

	private final ObjectWriter writer;

	public JsonMessages(Class<T> type) {
		this.writer = OnrampJson.mapper().writerFor(type);
	}

	/** A message of {@code value}'s JSON, partitioned by {@code partitionKey}, to which more headers may be added. */
	public MessageBuilder<byte[]> builder(T value, String partitionKey) {
		return MessageBuilder.withPayload(writer.writeValueAsBytes(value))
			.setHeader(StreamHeaders.PARTITION_KEY, partitionKey)
			.setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE);
	}

}
