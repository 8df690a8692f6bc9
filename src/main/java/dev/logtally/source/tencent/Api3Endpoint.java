package dev.logtally.source.tencent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.Secret;
import org.jspecify.annotations.Nullable;

/**
 * A Tencent Cloud API 3.0 service as a source calls it: {@code POST /} with a JSON body, signed with TC3-HMAC-SHA256
 * at send time (so a retry is a new signature with a new timestamp), with the {@code X-TC-*} headers. API 3.0 answers
 * its own errors inside an HTTP 200 body; any other status comes from the transport in between.
 * @param uri the endpoint's root
 * @param service the service of the TC3 credential scope ({@code scf}, {@code cls})
 * @param version {@code X-TC-Version}
 * @param region {@code X-TC-Region}
 * @param timeout the limit for one exchange
 */
public record Api3Endpoint(URI uri, String service, String version, String region, Duration timeout) {

	public static final String CONTENT_TYPE = "application/json; charset=utf-8";

	public Api3Endpoint {
		uri = uri.resolve("/");
	}

	/** The {@code Host} the JDK sends, and so the one the signature must name: no port when it is the scheme's. */
	public String hostHeader() {
		int port = this.uri.getPort();
		boolean defaultPort = port == -1 || ("https".equals(this.uri.getScheme()) && port == 443)
				|| ("http".equals(this.uri.getScheme()) && port == 80);
		return defaultPort ? this.uri.getHost() : this.uri.getHost() + ":" + port;
	}

	/**
	 * The request for {@code action}, signed now.
	 * @param token the temporary credentials' token, or {@code null}
	 * @param timestamp {@code X-TC-Timestamp}, epoch seconds
	 */
	public HttpRequest request(String action, byte[] body, String secretId, Secret secretKey, @Nullable Secret token,
			long timestamp) {
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("content-type", CONTENT_TYPE);
		signed.put("host", hostHeader());
		Tc3Signer.Signature signature = Tc3Signer.sign(secretKey.reveal(),
				new Tc3Signer.Input("POST", "", signed, body, this.service, timestamp));
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(this.timeout)
			.header("Content-Type", CONTENT_TYPE)
			.header("Authorization", signature.authorization(secretId))
			.header("X-TC-Action", action)
			.header("X-TC-Version", this.version)
			.header("X-TC-Timestamp", Long.toString(timestamp))
			.header("X-TC-Region", this.region)
			.header("X-TC-RequestClient", "logtally")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (token != null) {
			request.header("X-TC-Token", token.reveal());
		}
		return request.build();
	}

	/**
	 * Refuses an answer that is not HTTP 200, after reading its body away: 429 is throttling, 5xx a server fault,
	 * anything else a refusal.
	 * @param what the request, for the message ({@code source …, function …: HTTP 502 from …})
	 */
	public void requireOk(HttpResponse<InputStream> response, InputStream body, String what) throws IOException {
		int status = response.statusCode();
		if (status == 200) {
			return;
		}
		body.transferTo(OutputStream.nullOutputStream());
		String message = what + ": HTTP " + status + " from " + this.uri;
		if (status == 429) {
			throw new SourceException(SourceException.Kind.THROTTLED, message);
		}
		throw new SourceException(status >= 500 ? SourceException.Kind.SERVER : SourceException.Kind.REJECTED,
				message);
	}

}
