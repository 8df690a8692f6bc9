package dev.logtally.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.testing.PlainHttpPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What goes wrong on the way to a source is said as it is: a host that does not resolve, a refused connection, a TLS
 * handshake and why it failed, a timeout; each names the endpoint, and only the faults retrying can fix are retried.
 */
class SourceHttpTest {

	private static final String CONTEXT = "source s, function f";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path dir;

	@Test
	void aHostThatDoesNotResolveIsADnsFailureNotARefusedConnection() {
		URI target = URI.create("http://logtally-test.invalid:8080");

		SourceException fault = send(target);

		assertThat(fault.kind()).isEqualTo(SourceException.Kind.UNRESOLVED);
		assertThat(fault.getMessage()).isEqualTo(CONTEXT + ": cannot resolve the host logtally-test.invalid of "
				+ target + " (DNS lookup failed)")
			.doesNotContain("refused");
	}

	@Test
	void aClosedPortIsARefusedConnectionAndRetried() throws IOException {
		URI target = URI.create("http://127.0.0.1:" + closedPort());

		SourceException fault = send(target);

		assertThat(fault.kind()).isEqualTo(SourceException.Kind.NETWORK);
		assertThat(fault.retryable()).isTrue();
		assertThat(fault.getMessage()).isEqualTo(CONTEXT + ": cannot connect to " + target + " (connection refused)");
	}

	@Test
	void tlsToAServerThatSpeaksPlainHttpIsATlsFailureThatIsNotRetried() throws IOException {
		try (PlainHttpPort plain = PlainHttpPort.open()) {
			URI target = URI.create("https://127.0.0.1:" + plain.port());

			SourceException fault = send(target);

			assertThat(fault.kind()).isEqualTo(SourceException.Kind.TLS);
			assertThat(fault.retryable()).isFalse();
			assertThat(fault.getMessage()).isEqualTo(CONTEXT + ": TLS handshake with " + target
					+ " failed: the server does not speak TLS there (plain HTTP?)");
			assertThat(fault.line()).endsWith("; check the source's endpoint and its certificate, then run the same "
					+ "command again");
		}
	}

	@Test
	void aServerWithAnUntrustedCertificateIsATlsFailureThatSaysSo() throws Exception {
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
		server.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		try {
			URI target = URI.create("https://127.0.0.1:" + server.getAddress().getPort());

			SourceException fault = send(target);

			assertThat(fault.kind()).isEqualTo(SourceException.Kind.TLS);
			assertThat(fault.getMessage()).isEqualTo(CONTEXT + ": TLS handshake with " + target
					+ " failed: the server's certificate is not trusted (no path to a trusted certificate authority)");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void noAnswerWithinTheTimeoutSaysTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(0)) {
			URI target = URI.create("http://127.0.0.1:" + silent.getLocalPort());

			SourceException fault = catchThrowableOfType(SourceException.class,
					() -> SourceHttp.send(this.http, () -> HttpRequest.newBuilder(target).timeout(Duration.ofMillis(300))
						.build(), RateBudget.UNLIMITED, CONTEXT, target));

			assertThat(fault.kind()).isEqualTo(SourceException.Kind.NETWORK);
			assertThat(fault.getMessage()).isEqualTo(CONTEXT + ": timeout: no answer from " + target + " within 300 ms");
		}
	}

	@Test
	void theCheckBeforeARunDoesNotRetryAHostThatDoesNotResolveButARunDoes() {
		RetrySpec spec = new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(2));
		AtomicInteger preflightCalls = new AtomicInteger();
		AtomicInteger runCalls = new AtomicInteger();
		URI target = URI.create("http://logtally-test.invalid");

		SourceException preflight = catchThrowableOfType(SourceException.class,
				() -> new RetryPolicy("s", spec, Duration.ZERO, RetryPolicy.Listener.NONE, true).call(() -> {
					preflightCalls.incrementAndGet();
					throw send(target);
				}));
		SourceException run = catchThrowableOfType(SourceException.class,
				() -> new RetryPolicy("s", spec, Duration.ZERO).call(() -> {
					runCalls.incrementAndGet();
					throw send(target);
				}));

		assertThat(preflightCalls).hasValue(1);
		assertThat(preflight.getMessage()).startsWith(CONTEXT + ": cannot resolve the host logtally-test.invalid");
		assertThat(runCalls).hasValue(3);
		assertThat(run.getMessage()).startsWith("gave up after 3 attempts: " + CONTEXT + ": cannot resolve the host");
	}

	private SourceException send(URI target) {
		return catchThrowableOfType(SourceException.class, () -> SourceHttp.send(this.http,
				() -> HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build(), RateBudget.UNLIMITED,
				CONTEXT, target));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A TLS context with a fresh self-signed certificate, made by the JDK's keytool: trusted by nobody. */
	private SSLContext selfSigned() throws Exception {
		Path store = this.dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
				"-keypass", "changeit")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool").isTrue();
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(store)) {
			keys.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(managers.getKeyManagers(), null, null);
		return context;
	}

}
