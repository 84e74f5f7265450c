package io.onramp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;

/** Local TCP ports for the apps and servers tests start. */
public final class Ports {

	private Ports() {
	}

	/** A port nothing listens on right now. */
	public static int free() {
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

}
