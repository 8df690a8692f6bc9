package dev.logtally.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** {@code GET /metrics} in the Prometheus text format, for a long-running {@code schedule}. */
public final class MetricsEndpoint implements AutoCloseable {

	private final HttpServer server;

	private MetricsEndpoint(HttpServer server) {
		this.server = server;
	}

	/**
	 * @param address where to listen, such as 127.0.0.1 (the default) or 0.0.0.0
	 * @param port the port, 0 for any free one
	 */
	public static MetricsEndpoint start(RunMetrics metrics, String address, int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
			server.setExecutor(Executors.newSingleThreadExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "metrics");
				thread.setDaemon(true);
				return thread;
			}));
			server.createContext("/metrics", (exchange) -> {
				byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return new MetricsEndpoint(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot serve metrics on " + address + ":" + port + ": " + ex.getMessage(),
					ex);
		}
	}

	/** {@code http://address:port/metrics}. */
	public String url() {
		InetSocketAddress bound = this.server.getAddress();
		return "http://" + bound.getHostString() + ":" + bound.getPort() + "/metrics";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
