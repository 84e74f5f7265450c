package io.onramp.contracts;

import java.time.DateTimeException;
import java.time.Instant;

import com.ethlo.time.ITU;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads an {@link Instant} written as an RFC 3339 timestamp ({@code 2026-11-27T09:00:00.123Z}, the form
 * every Onramp app writes) with ITU's parser, the one the event schema's {@code date-time} format is
 * checked with; anything else (another form, a number of seconds) is left to Jackson's own
 * {@link InstantDeserializer}, which also words the error for what neither takes.
 *
 * <p>Jackson's goes through {@code DateTimeFormatter}: half of the time the feature aggregator spent
 * decoding events, each of which holds two instants.
 */
final class Rfc3339InstantDeserializer extends StdScalarDeserializer<Instant> {

	Rfc3339InstantDeserializer() {
		super(Instant.class);
	}

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.hasToken(JsonToken.VALUE_STRING)) {
			try {
				return ITU.parseDateTime(parser.getString()).toInstant();
			}
			catch (DateTimeException notRfc3339) {
				// Jackson's own reading below decides, and words the error if it fails too.
			}
		}
		return InstantDeserializer.INSTANT.deserialize(parser, context);
	}

}
