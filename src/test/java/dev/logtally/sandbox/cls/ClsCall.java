package dev.logtally.sandbox.cls;

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

import tools.jackson.databind.json.JsonMapper;

import dev.logtally.source.tencent.Tc3Signer;

/**
 * Test-only: one CLS API 3.0 call, signed with {@link Tc3Signer} (service {@code cls}) and sent with the JDK
 * {@link HttpClient}. Defaults make a valid {@code SearchLog}; the setters break exactly one thing at a time.
 */
final class ClsCall {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI endpoint;

	private final Clock clock;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private String secretId;

	private String secretKey;

	private String body = "{}";

	private String service = "cls";

	private Long timestamp;

	private UnaryOperator<String> authorizationTamper = UnaryOperator.identity();

	private ClsCall(URI endpoint, String secretId, String secretKey, Clock clock, String action) {
		this.endpoint = endpoint;
		this.secretId = secretId;
		this.secretKey = secretKey;
		this.clock = clock;
		this.headers.put("X-TC-Action", action);
		this.headers.put("X-TC-Version", "2020-10-16");
		this.headers.put("X-TC-Region", "ap-guangzhou");
	}

	static ClsCall search(ClsEmulator emulator, String secretId, String secretKey, Clock clock) {
		return new ClsCall(emulator.endpoint(), secretId, secretKey, clock, ClsEmulator.SEARCH_LOG);
	}

	static ClsCall histogram(ClsEmulator emulator, String secretId, String secretKey, Clock clock) {
		return new ClsCall(emulator.endpoint(), secretId, secretKey, clock, ClsEmulator.DESCRIBE_LOG_HISTOGRAM);
	}

	/** The body: alternating names and values, serialised as a JSON object. */
	ClsCall with(Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		this.body = JSON.writeValueAsString(fields);
		return this;
	}

	ClsCall rawBody(String json) {
		this.body = json;
		return this;
	}

	ClsCall key(String id, String key) {
		this.secretId = id;
		this.secretKey = key;
		return this;
	}

	ClsCall timestamp(long epochSecond) {
		this.timestamp = epochSecond;
		return this;
	}

	ClsCall service(String name) {
		this.service = name;
		return this;
	}

	/** Sets a header; {@code null} removes it. */
	ClsCall header(String name, String value) {
		if (value == null) {
			this.headers.remove(name);
		}
		else {
			this.headers.put(name, value);
		}
		return this;
	}

	ClsCall tamperAuthorization(UnaryOperator<String> tamper) {
		this.authorizationTamper = tamper;
		return this;
	}

	HttpResponse<String> send() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/** The answer, which must come with HTTP 200 whether it is an error or not. */
	ClsReply reply() throws IOException, InterruptedException {
		HttpResponse<String> response = send();
		if (response.statusCode() != 200) {
			throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
		}
		return ClsReply.parse(response.body());
	}

	HttpRequest request() {
		long signedAt = (this.timestamp != null) ? this.timestamp : this.clock.instant().getEpochSecond();
		byte[] payload = this.body.getBytes(StandardCharsets.UTF_8);
		String contentType = "application/json; charset=utf-8";
		// the JDK client sends Host as host:port of the URI; sign exactly that
		String host = this.endpoint.getHost() + ":" + this.endpoint.getPort();
		Tc3Signer.Signature signature = Tc3Signer.sign(this.secretKey, new Tc3Signer.Input("POST", "",
				Map.of("content-type", contentType, "host", host), payload, this.service, signedAt));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.endpoint + "/"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.header("X-TC-Timestamp", Long.toString(signedAt))
			.header("Authorization", this.authorizationTamper.apply(signature.authorization(this.secretId)));
		this.headers.forEach(request::header);
		return request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
	}

}
