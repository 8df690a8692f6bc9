package dev.logtally.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK HTTP server every emulator runs on: bound to 127.0.0.1 only (the sandbox must never be reachable from
 * elsewhere), on daemon threads, stopped without waiting for clients.
 */
public final class LoopbackServer implements AutoCloseable {

	private final int requestedPort;

	private final String threadName;

	private HttpServer server;

	private ExecutorService executor;

	/**
	 * @param requestedPort the port, 0 for any free one
	 * @param threadName the prefix of the serving threads' names
	 */
	public LoopbackServer(int requestedPort, String threadName) {
		this.requestedPort = requestedPort;
		this.threadName = threadName;
	}

	public synchronized void start(HttpHandler handler) {
		if (this.server != null) {
			throw new IllegalStateException("already started");
		}
		try {
			HttpServer httpServer = HttpServer.create(
					new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), this.requestedPort), 0);
			AtomicInteger count = new AtomicInteger();
			this.executor = Executors.newCachedThreadPool((runnable) -> {
				Thread thread = new Thread(runnable, this.threadName + "-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			httpServer.setExecutor(this.executor);
			httpServer.createContext("/", handler);
			httpServer.start();
			this.server = httpServer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot bind 127.0.0.1:" + this.requestedPort, ex);
		}
	}

	/** {@code http://127.0.0.1:PORT}, without a trailing slash. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port());
	}

	public synchronized int port() {
		if (this.server == null) {
			throw new IllegalStateException("not started");
		}
		return this.server.getAddress().getPort();
	}

	@Override
	public synchronized void close() {
		if (this.server == null) {
			return;
		}
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.server = null;
	}

}
