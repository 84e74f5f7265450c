package io.onramp.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;

/**
 * The lake's file format: one row per raw event, in Parquet, with the envelope as typed columns and the
 * type-specific properties as JSON text. The schema is fixed; a new event type or property needs no change
 * here, and a new column is added as optional so older files still read.
 *
 * <pre>
 * event_id        string, required   the idempotency key: duplicates (at-least-once) share it
 * type            string, required
 * user_id         string             null for an anonymous visitor
 * anonymous_id    string
 * session_id      string
 * occurred_at     timestamp (UTC, µs), required   by the client's clock
 * received_at     timestamp (UTC, µs)             by the capture API's clock; files are partitioned by it
 * schema_version  int32
 * device, os, browser, locale, page_path, page_title   string
 * screen_width, screen_height                          int32
 * properties      string, required   JSON object
 * </pre>
 */
final class EventParquet {

	/** The schema of every lake file. */
	static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
			message onramp_event {
			  required binary event_id (STRING);
			  required binary type (STRING);
			  optional binary user_id (STRING);
			  optional binary anonymous_id (STRING);
			  optional binary session_id (STRING);
			  required int64 occurred_at (TIMESTAMP(MICROS,true));
			  optional int64 received_at (TIMESTAMP(MICROS,true));
			  optional int32 schema_version;
			  optional binary device (STRING);
			  optional binary os (STRING);
			  optional binary browser (STRING);
			  optional binary locale (STRING);
			  optional binary page_path (STRING);
			  optional binary page_title (STRING);
			  optional int32 screen_width;
			  optional int32 screen_height;
			  required binary properties (STRING);
			}
			""");

	/** Written into each file's key-value metadata, so a reader knows what it holds. */
	static final String FORMAT_KEY = "onramp.lake.format";

	static final String FORMAT = "onramp-event/1";

	private EventParquet() {
	}

	/** Writes {@code events}, in order, as one Parquet file at {@code file} (replacing what is there). */
	static void write(List<Event> events, Path file, CompressionCodecName compression) throws IOException {
		try (ParquetWriter<Event> writer = new Builder(new LocalOutputFile(file))
			.withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
			.withCompressionCodec(compression)
			.withDictionaryEncoding(true)
			.build()) {
			for (Event event : events) {
				writer.write(event);
			}
		}
	}

	private static final class Builder extends ParquetWriter.Builder<Event, Builder> {

		Builder(OutputFile file) {
			super(file);
		}

		@Override
		protected Builder self() {
			return this;
		}

		@Override
		protected WriteSupport<Event> getWriteSupport(Configuration conf) {
			return new EventWriteSupport();
		}

	}

	private static final class EventWriteSupport extends WriteSupport<Event> {

		private RecordConsumer out;

		@Override
		public WriteContext init(Configuration configuration) {
			Map<String, String> metadata = new HashMap<>();
			metadata.put(FORMAT_KEY, FORMAT);
			return new WriteContext(SCHEMA, metadata);
		}

		@Override
		public void prepareForWrite(RecordConsumer recordConsumer) {
			this.out = recordConsumer;
		}

		@Override
		public void write(Event event) {
			out.startMessage();
			string(0, "event_id", event.eventId());
			string(1, "type", event.type());
			string(2, "user_id", event.userId());
			string(3, "anonymous_id", event.anonymousId());
			string(4, "session_id", event.sessionId());
			timestamp(5, "occurred_at", event.occurredAt());
			timestamp(6, "received_at", event.receivedAt());
			int32(7, "schema_version", event.schemaVersion());
			Event.EventContext context = event.context();
			if (context != null) {
				string(8, "device", context.device());
				string(9, "os", context.os());
				string(10, "browser", context.browser());
				string(11, "locale", context.locale());
				if (context.page() != null) {
					string(12, "page_path", context.page().path());
					string(13, "page_title", context.page().title());
				}
				if (context.screen() != null) {
					int32(14, "screen_width", context.screen().width());
					int32(15, "screen_height", context.screen().height());
				}
			}
			string(16, "properties", OnrampJson.mapper().writeValueAsString(event.properties()));
			out.endMessage();
		}

		private void string(int index, String field, String value) {
			if (value != null) {
				out.startField(field, index);
				out.addBinary(Binary.fromString(value));
				out.endField(field, index);
			}
		}

		private void timestamp(int index, String field, Instant value) {
			if (value != null) {
				out.startField(field, index);
				out.addLong(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000));
				out.endField(field, index);
			}
		}

		private void int32(int index, String field, Integer value) {
			if (value != null) {
				out.startField(field, index);
				out.addInteger(value);
				out.endField(field, index);
			}
		}

	}

}
