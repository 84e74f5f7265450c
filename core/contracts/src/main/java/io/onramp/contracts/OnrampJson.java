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
		.addModule(new SimpleModule("onramp-instants").addDeserializer(Instant.class, new Rfc3339InstantDeserializer()))
		.build();

	private OnrampJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

}
