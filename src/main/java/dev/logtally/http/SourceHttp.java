package dev.logtally.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.function.Supplier;

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
	 * @throws SourceException NETWORK for timeouts, refused and reset connections; INTERRUPTED when the run is stopping
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
			throw new SourceException(SourceException.Kind.NETWORK, context + ": no answer from " + target + " within "
					+ request.timeout().map((timeout) -> timeout.toMillis() + " ms").orElse("its timeout"), ex);
		}
		catch (ConnectException ex) {
			throw new SourceException(SourceException.Kind.NETWORK, context + ": cannot connect to " + target + " ("
					+ (ex.getMessage() == null ? "connection refused" : ex.getMessage()) + ")", ex);
		}
		catch (IOException ex) {
			throw new SourceException(SourceException.Kind.NETWORK, context + ": connection to " + target + " failed ("
					+ ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException(SourceException.Kind.INTERRUPTED, context + ": interrupted", ex);
		}
	}

}
