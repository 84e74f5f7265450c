package io.onramp.benchmarks;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;

/**
 * Time to write and to read one event as JSON (two instants, a device, a property), with Onramp's mapper
 * ({@link OnrampJson}: instants by ITU's RFC 3339 formatter and parser) and with a stock Jackson mapper
 * ({@code DateTimeFormatter}). Every stream app reads and writes its records so; the feature aggregator
 * reads each event and writes it again inside the feature update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventJsonBenchmark {

	private Event event;

	private byte[] json;

	private ObjectWriter onrampWriter;

	private ObjectReader onrampReader;

	private ObjectWriter jacksonWriter;

	private ObjectReader jacksonReader;

	@Setup
	public void setUp() {
		Instant at = Instant.parse("2026-11-27T09:00:00.123Z");
		event = new Event("9b2f6c1e-5d7a-4f0e-8a41-3c2d1e0f9a87", "click", "user-42", null, "s-user-42", at,
				at.plusNanos(4_567_000), new Event.EventContext("mobile", null, null, null, null, null), Map.of("button", "next"), 1);
		onrampWriter = OnrampJson.mapper().writerFor(Event.class);
		onrampReader = OnrampJson.mapper().readerFor(Event.class);
		JsonMapper jackson = JsonMapper.builder().build();
		jacksonWriter = jackson.writerFor(Event.class);
		jacksonReader = jackson.readerFor(Event.class);
		json = onrampWriter.writeValueAsBytes(event);
		if (!new String(json).equals(new String(jacksonWriter.writeValueAsBytes(event)))) {
			throw new IllegalStateException("The two mappers write the event differently");
		}
	}

	@Benchmark
	public byte[] writeOnramp() {
		return onrampWriter.writeValueAsBytes(event);
	}

	@Benchmark
	public byte[] writeJackson() {
		return jacksonWriter.writeValueAsBytes(event);
	}

	@Benchmark
	public Event readOnramp() {
		return onrampReader.readValue(json);
	}

	@Benchmark
	public Event readJackson() {
		return jacksonReader.readValue(json);
	}

}
