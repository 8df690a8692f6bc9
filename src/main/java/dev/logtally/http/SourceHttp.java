package dev.logtally.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;

/**
 * One HTTP exchange with a source API: wait for the account's budget, send, and turn what can go wrong on the way
 * into a {@link SourceException} that names what was asked and where.
 */
public final class SourceHttp {

	/** Reads an answer: its status, headers and body. */
	@FunctionalInterface
	public interface AnswerReader<T> {

		/**
		 * @throws MalformedAnswerException when the answer breaks the API's contract
		 * @throws SourceException when the answer is an error the API defines
		 * @throws IOException when the body is cut off
		 */
		T read(HttpResponse<InputStream> response, InputStream body) throws IOException;

	}

	private SourceHttp() {
	}

	/**
	 * {@link #send Sends} a request and reads its answer, turning a malformed, unreadable or cut-off answer into a
	 * {@link SourceException} (MALFORMED or NETWORK, both transient) that names what was asked.
	 */
	public static <T> T exchange(HttpClient http, Supplier<HttpRequest> signedRequest, RateBudget budget,
			String context, URI target, AnswerReader<T> reader) {
		HttpResponse<InputStream> response = send(http, signedRequest, budget, context, target);
		try (InputStream body = response.body()) {
			return reader.read(response, body);
		}
		catch (MalformedAnswerException ex) {
			throw new SourceException(SourceException.Kind.MALFORMED, context + ": malformed answer: " + ex.getMessage(),
					ex);
		}
		catch (JacksonException ex) {
			throw new SourceException(SourceException.Kind.MALFORMED,
					context + ": unreadable answer (" + ex.getOriginalMessage() + ")", ex);
		}
		catch (IOException ex) {
			throw new SourceException(SourceException.Kind.NETWORK,
					context + ": answer cut off (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	/**
	 * @param signedRequest builds and signs the request; called once the budget allows, so that the signature's time is
	 *     the time the request leaves, however long the wait was
	 * @param context what was asked, for messages ("source s, function f, window [...]")
	 * @param target the endpoint, for messages
	 * @return the response, its body still to be read
	 * @throws SourceException NETWORK for timeouts, refused and reset connections; UNRESOLVED for a host name that does
	 *     not resolve; TLS for a failed handshake; INTERRUPTED when the run is stopping
	 */
	public static HttpResponse<InputStream> send(HttpClient http, Supplier<HttpRequest> signedRequest,
			RateBudget budget, String context, URI target) {
		HttpRequest request = null;
		try {
			budget.acquire();
			request = signedRequest.get();
			return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw new SourceException(SourceException.Kind.NETWORK, context + ": timeout: no answer from " + target
					+ " within "
					+ request.timeout().map((timeout) -> timeout.toMillis() + " ms").orElse("its timeout"), ex);
		}
		catch (IOException ex) {
			throw transportFault(context, target, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException(SourceException.Kind.INTERRUPTED, context + ": interrupted", ex);
		}
	}

	/**
	 * What an I/O failure on the way to {@code target} was, in words: the JDK's client says "ConnectException: null"
	 * both for a host that does not resolve and for a refused connection, and tells them apart only by its cause.
	 */
	static SourceException transportFault(String context, URI target, IOException failure) {
		String host = target.getHost();
		if (find(failure, UnresolvedAddressException.class) != null
				|| find(failure, UnknownHostException.class) != null) {
			return new SourceException(SourceException.Kind.UNRESOLVED,
					context + ": cannot resolve the host " + host + " of " + target + " (DNS lookup failed)", failure);
		}
		SSLException tls = find(failure, SSLException.class);
		if (tls != null) {
			if (find(tls, EOFException.class) != null || find(tls, SocketException.class) != null) {
				// The connection broke during the handshake: the network's fault, not the certificate's.
				return new SourceException(SourceException.Kind.NETWORK, context + ": connection to " + target
						+ " cut off during the TLS handshake", failure);
			}
			return new SourceException(SourceException.Kind.TLS,
					context + ": TLS handshake with " + target + " failed: " + tlsReason(tls), failure);
		}
		if (failure instanceof HttpConnectTimeoutException) {
			return new SourceException(SourceException.Kind.NETWORK,
					context + ": timeout: cannot connect to " + target + " within its timeout", failure);
		}
		if (failure instanceof ConnectException) {
			return new SourceException(SourceException.Kind.NETWORK, context + ": cannot connect to " + target
					+ " (connection refused)", failure);
		}
		return new SourceException(SourceException.Kind.NETWORK, context + ": connection to " + target + " failed ("
				+ failure.getClass().getSimpleName()
				+ (failure.getMessage() == null ? "" : ": " + failure.getMessage()) + ")", failure);
	}

	/** Why a handshake failed, in words: the certificate's fault where it was, else what the TLS layer said. */
	private static String tlsReason(SSLException tls) {
		CertificateExpiredException expired = find(tls, CertificateExpiredException.class);
		if (expired != null) {
			return "the server's certificate has expired";
		}
		if (find(tls, CertPathBuilderException.class) != null || find(tls, CertPathValidatorException.class) != null) {
			return "the server's certificate is not trusted (no path to a trusted certificate authority)";
		}
		CertificateException certificate = find(tls, CertificateException.class);
		if (certificate != null) {
			return "the server's certificate was refused (" + certificate.getMessage() + ")";
		}
		String message = tls.getMessage();
		if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("plaintext")) {
			return "the server does not speak TLS there (plain HTTP?)";
		}
		return message != null ? message : tls.getClass().getSimpleName();
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
