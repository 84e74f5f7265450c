package io.onramp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real service, for tests of what an app does while the service is gone: {@link #cut}
 * drops every connection and refuses new ones, as a stopped server would; {@link #restore} lets connections
 * through again on the same port. The service itself, shared by other tests, is never touched.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private ServerSocket server;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = Ports.free();
		restore();
	}

	/** A proxy on a free loopback port to {@code host:port}, letting connections through. */
	public static TcpProxy to(String host, int port) throws IOException {
		return new TcpProxy(host, port);
	}

	/** A proxy to the test Postgres ({@link TestServices#postgres()}). */
	public static TcpProxy toTestPostgres() throws IOException {
		java.net.URI url = java.net.URI.create(TestServices.postgres().jdbcUrl().substring("jdbc:".length()));
		return to(url.getHost(), url.getPort() < 0 ? 5432 : url.getPort());
	}

	/** The loopback port to connect to instead of the service's. */
	public int port() {
		return port;
	}

	/** Drops every connection and refuses new ones. */
	public synchronized void cut() {
		closeQuietly(server);
		server = null;
		open.forEach(TcpProxy::closeQuietly);
		open.clear();
	}

	/** Lets connections through again. */
	public synchronized void restore() throws IOException {
		if (server != null) {
			return;
		}
		ServerSocket listening = new ServerSocket();
		listening.setReuseAddress(true);
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		server = listening;
		Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket upstream = new Socket(targetHost, targetPort);
				open.add(client);
				open.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException closedOrUnreachable) {
				// cut, or the service refused: the client sees its connection closed
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed or was cut
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				open.remove(from);
				open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		cut();
	}

}
