package io.onramp.contracts;

import java.time.Instant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The JSON form of Onramp's contracts, shared by every app so they agree on it. */
public final class OnrampJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		// A newer producer may add fields; an older consumer keeps working.
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// Instants as Jackson's own (de)serializers take and give them, by ITU's faster parser and formatter.
		.addModule(new SimpleModule("onramp-instants").addDeserializer(Instant.class, new Rfc3339InstantDeserializer())
			.addSerializer(Instant.class, new Rfc3339InstantSerializer()))
		.build();

	private OnrampJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

}
