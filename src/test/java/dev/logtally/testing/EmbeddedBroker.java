package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An ActiveMQ Artemis broker in the test's JVM, listening on a loopback port, without persistence or security: what
 * managers and workers meet through in the tests. Queues are created as they are first used, as on a default broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

	private final EmbeddedActiveMQ server;

	private final int port;

	private EmbeddedBroker(EmbeddedActiveMQ server, int port) {
		this.server = server;
		this.port = port;
	}

	public static EmbeddedBroker start() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(false);
		configuration.addAcceptorConfiguration("loopback", "tcp://127.0.0.1:" + port);
		EmbeddedActiveMQ server = new EmbeddedActiveMQ();
		server.setConfiguration(configuration);
		server.start();
		return new EmbeddedBroker(server, port);
	}

	/** What {@code --workers} and {@code --broker} take. */
	public String url() {
		return "tcp://127.0.0.1:" + this.port;
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
	}

}
