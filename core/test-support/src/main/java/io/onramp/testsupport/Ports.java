package io.onramp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Local TCP ports for the apps and servers tests start. */
public final class Ports {

	/** Where the ports handed out start: above the well-known services this machine runs (Postgres, Redis...). */
	private static final int LOWEST = 20_000;

	/**
	 * The first port of the kernel's ephemeral range, from which it picks the local port of every outgoing
	 * connection (and a server socket bound to port 0).
	 */
	private static final int EPHEMERAL = ephemeralStart();

	private Ports() {
	}

	/**
	 * A port nothing listens on right now, below the ephemeral range. A port taken from that range (a server
	 * socket on port 0) can become the local port of an outgoing connection (to Kafka, Redis, Postgres)
	 * between the moment it is handed out and the moment the app binds it, which failed a CI run with "Port
	 * ... was already in use"; a port below the range is only ever taken by a listener.
	 */
	public static int free() {
		if (EPHEMERAL - LOWEST >= 1_000) {
			for (int attempt = 0; attempt < 200; attempt++) {
				int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL);
				try (ServerSocket socket = new ServerSocket(port)) {
					return socket.getLocalPort();
				}
				catch (IOException taken) {
					// another one
				}
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free local port", ex);
		}
	}

	/** Whether something accepts connections on {@code localhost:port}. */
	public static boolean listening(int port) {
		try (Socket socket = new Socket("localhost", port)) {
			return true;
		}
		catch (IOException closed) {
			return false;
		}
	}

	/** The first port of the ephemeral range (Linux's {@code ip_local_port_range}; its default elsewhere). */
	private static int ephemeralStart() {
		try {
			return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException unknown) {
			return 32_768;
		}
	}

}
