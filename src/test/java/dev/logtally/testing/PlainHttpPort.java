package dev.logtally.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback port that answers whatever it is sent with a plain HTTP 400 at once, as a proxy's plain port does: an
 * {@code https://} endpoint pointed at it fails the TLS handshake.
 */
public final class PlainHttpPort implements AutoCloseable {

	private final ServerSocket socket;

	private PlainHttpPort(ServerSocket socket) {
		this.socket = socket;
	}

	/** Opens a free loopback port and answers on a daemon thread until {@link #close()}. */
	public static PlainHttpPort open() {
		try {
			PlainHttpPort port = new PlainHttpPort(new ServerSocket(0));
			Thread answering = new Thread(port::answer, "plain-http-" + port.port());
			answering.setDaemon(true);
			answering.start();
			return port;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	private void answer() {
		try {
			while (true) {
				try (Socket client = this.socket.accept(); OutputStream out = client.getOutputStream()) {
					out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
