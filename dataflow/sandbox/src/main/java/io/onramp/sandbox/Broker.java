package io.onramp.sandbox;

/** The two brokers Onramp runs on; the choice is one property, {@code spring.cloud.stream.default-binder}. */
public enum Broker {

	KAFKA("kafka"), RABBIT("rabbit");

	private final String binder;

	Broker(String binder) {
		this.binder = binder;
	}

	public String binder() {
		return binder;
	}

}
