package dev.logtally.sandbox.scf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.logtally.source.tencent.Tc3Signer;

/**
 * Test-only: one {@code GetFunctionLogs} call, signed with {@link Tc3Signer} and sent with the JDK
 * {@link HttpClient}. Defaults make a valid call; the setters break exactly one thing at a time.
 */
final class SignedCall {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI endpoint;

	private final Clock clock;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private String secretId;

	private String secretKey;

	private String method = "POST";

	private String rawQuery = "";

	private String body = "{}";

	private String contentType = "application/json; charset=utf-8";

	private String service = "scf";

	private Long timestamp;

	private UnaryOperator<String> authorizationTamper = UnaryOperator.identity();

	private SignedCall(URI endpoint, String secretId, String secretKey, Clock clock) {
		this.endpoint = endpoint;
		this.secretId = secretId;
		this.secretKey = secretKey;
		this.clock = clock;
		this.headers.put("X-TC-Action", "GetFunctionLogs");
		this.headers.put("X-TC-Version", "2018-04-16");
		this.headers.put("X-TC-Region", "ap-guangzhou");
	}

	static SignedCall to(ScfEmulator emulator, String secretId, String secretKey, Clock clock) {
		return new SignedCall(emulator.endpoint(), secretId, secretKey, clock);
	}

	/** A POST with this JSON body. */
	SignedCall json(String json) {
		this.method = "POST";
		this.body = json;
		this.contentType = "application/json; charset=utf-8";
		return this;
	}

	/** A GET with this raw (already encoded) query string, signed as sent. */
	SignedCall get(String query) {
		this.method = "GET";
		this.rawQuery = query;
		this.body = "";
		this.contentType = "application/x-www-form-urlencoded";
		return this;
	}

	SignedCall key(String id, String key) {
		this.secretId = id;
		this.secretKey = key;
		return this;
	}

	SignedCall timestamp(long epochSecond) {
		this.timestamp = epochSecond;
		return this;
	}

	SignedCall service(String name) {
		this.service = name;
		return this;
	}

	/** Sets a header (unsigned unless content-type); {@code null} removes it. */
	SignedCall header(String name, String value) {
		if (value == null) {
			this.headers.remove(name);
		}
		else {
			this.headers.put(name, value);
		}
		return this;
	}

	SignedCall tamperAuthorization(UnaryOperator<String> tamper) {
		this.authorizationTamper = tamper;
		return this;
	}

	HttpResponse<String> send() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	HttpResponse<byte[]> sendForBytes() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofByteArray());
	}

	ApiReply reply() throws IOException, InterruptedException {
		HttpResponse<String> response = send();
		if (response.statusCode() != 200) {
			throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
		}
		return ApiReply.parse(response.body());
	}

	HttpRequest request() {
		long signedAt = (this.timestamp != null) ? this.timestamp : this.clock.instant().getEpochSecond();
		byte[] payload = this.body.getBytes(StandardCharsets.UTF_8);
		// the JDK client sends Host as host:port of the URI; sign exactly that
		String host = this.endpoint.getHost() + ":" + this.endpoint.getPort();
		Tc3Signer.Signature signature = Tc3Signer.sign(this.secretKey, new Tc3Signer.Input(this.method,
				"GET".equals(this.method) ? this.rawQuery : "",
				Map.of("content-type", this.contentType, "host", host), payload, this.service, signedAt));
		URI uri = URI.create(this.endpoint + "/" + (this.rawQuery.isEmpty() ? "" : "?" + this.rawQuery));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", this.contentType)
			.header("X-TC-Timestamp", Long.toString(signedAt))
			.header("Authorization", this.authorizationTamper.apply(signature.authorization(this.secretId)));
		this.headers.forEach(request::header);
		return "GET".equals(this.method) ? request.GET().build()
				: request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
	}

}
