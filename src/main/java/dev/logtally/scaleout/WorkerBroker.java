package dev.logtally.scaleout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The message broker between a manager and its workers (ActiveMQ Artemis, through its JMS client), and the queue that
 * carries one job spec's partitions: {@code logtally.partitions.<spec name>}, so that workers of different specs can
 * share a broker.
 *
 * <p>The broker's user and password come from {@code LOGTALLY_BROKER_USER} and {@code LOGTALLY_BROKER_PASSWORD}, never
 * from the URL, which is printed and logged.
 *
 * @param url {@code tcp://host:port} (Artemis URL parameters allowed, for example {@code ?sslEnabled=true})
 * @param queue the queue of the spec's partitions
 */
public record WorkerBroker(URI url, String queue) {

	public static final String USER_VARIABLE = "LOGTALLY_BROKER_USER";

	public static final String PASSWORD_VARIABLE = "LOGTALLY_BROKER_PASSWORD";

	/**
	 * @param option the option that gave the URL, for error messages
	 * @throws IllegalArgumentException naming the option, for a URL that is not a broker's or that carries credentials
	 */
	public static WorkerBroker of(String option, String url, String specName) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(option + " " + url + ": not a URL (" + ex.getReason() + ")");
		}
		if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
			throw new IllegalArgumentException(option + " " + url
					+ ": expected the broker's tcp://host:port (ActiveMQ Artemis acceptor)");
		}
		String query = uri.getRawQuery() == null ? "" : uri.getRawQuery().toLowerCase(Locale.ROOT);
		if (uri.getRawUserInfo() != null || query.contains("user=") || query.contains("password=")) {
			// Do not echo the URL: it holds the credentials.
			throw new IllegalArgumentException(option + ": the broker URL must not hold credentials; set "
					+ USER_VARIABLE + " and " + PASSWORD_VARIABLE + " instead");
		}
		return new WorkerBroker(uri, "logtally.partitions." + specName);
	}

	/**
	 * A connection factory for this broker, to be closed by the caller. Consumers buffer no messages
	 * ({@code consumerWindowSize=0}): a worker takes a partition only when it can run it, so partitions spread over the
	 * workers that have room.
	 */
	public ActiveMQConnectionFactory connectionFactory(Map<String, String> environment) {
		String url = this.url.toString();
		url += (this.url.getRawQuery() == null ? "?" : "&") + "consumerWindowSize=0";
		return new ActiveMQConnectionFactory(url, environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE));
	}

	@Override
	public String toString() {
		return this.url + " queue " + this.queue;
	}

}
