package io.onramp.stream;

/** Message headers Onramp's apps set for each other and for the binders. */
public final class StreamHeaders {

	/**
	 * The user (or anonymous visitor) a message is about. Producers partition by it (the
	 * {@code userPartitionKey} extractor) and Kafka uses it as the record key, so one user's messages stay in
	 * order on both brokers.
	 */
	public static final String PARTITION_KEY = "partitionKey";

	private StreamHeaders() {
	}

}
