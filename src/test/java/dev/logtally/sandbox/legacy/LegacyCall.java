package dev.logtally.sandbox.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.logtally.source.scf.LegacySigner;

/**
 * Test-only: one legacy {@code GetFunctionLogs} call, signed with {@link LegacySigner} and sent with the JDK
 * {@link HttpClient} as a GET, a form POST or a multipart POST (the way the legacy Java SDK sends it). Each send is
 * signed afresh with a new Nonce unless one is pinned, so one call can be sent repeatedly. Defaults make a valid
 * call; the setters break exactly one thing at a time.
 */
final class LegacyCall {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final AtomicLong NONCES = new AtomicLong(1000);

	private static final String BOUNDARY = "---------------------------3f0c6b0d2a1e9c7";

	enum Transport {
		GET, FORM, MULTIPART
	}

	private final URI uri;

	private final Clock clock;

	/** Parameters to send besides the generated common ones; a {@code null} value removes a generated one. */
	private final Map<String, String> parameters = new LinkedHashMap<>();

	private String secretId;

	private String secretKey;

	private Transport transport = Transport.GET;

	private String signingHost = ScfLegacyEmulator.DEFAULT_SIGNING_HOST;

	private Long nonce;

	private Long timestamp;

	private String rawQueryOfPost = "";

	private UnaryOperator<String> signatureTamper = UnaryOperator.identity();

	private LegacySigner.Method forcedMethod;

	private LegacyCall(URI uri, String secretId, String secretKey, Clock clock) {
		this.uri = uri;
		this.secretId = secretId;
		this.secretKey = secretKey;
		this.clock = clock;
	}

	static LegacyCall to(ScfLegacyEmulator emulator, String secretId, String secretKey, Clock clock) {
		return new LegacyCall(emulator.apiUri(), secretId, secretKey, clock);
	}

	/** Sets a parameter (API or common, overriding the generated value); {@code null} leaves it out. */
	LegacyCall with(String name, String value) {
		this.parameters.put(name, value);
		return this;
	}

	LegacyCall with(String name, long value) {
		return with(name, Long.toString(value));
	}

	LegacyCall get() {
		this.transport = Transport.GET;
		return this;
	}

	LegacyCall form() {
		this.transport = Transport.FORM;
		return this;
	}

	LegacyCall multipart() {
		this.transport = Transport.MULTIPART;
		return this;
	}

	LegacyCall transport(Transport chosen) {
		this.transport = chosen;
		return this;
	}

	LegacyCall key(String id, String key) {
		this.secretId = id;
		this.secretKey = key;
		return this;
	}

	LegacyCall signingHost(String host) {
		this.signingHost = host;
		return this;
	}

	/** Pins the Nonce, so every send carries the same one. */
	LegacyCall nonce(long value) {
		this.nonce = value;
		return this;
	}

	LegacyCall timestamp(long epochSecond) {
		this.timestamp = epochSecond;
		return this;
	}

	/** A query string for a POST, which the server must not read (and which is not signed). */
	LegacyCall queryOfPost(String rawQuery) {
		this.rawQueryOfPost = rawQuery;
		return this;
	}

	/** Signs with this method whatever {@code SignatureMethod} says. */
	LegacyCall signWith(LegacySigner.Method method) {
		this.forcedMethod = method;
		return this;
	}

	LegacyCall tamperSignature(UnaryOperator<String> tamper) {
		this.signatureTamper = tamper;
		return this;
	}

	HttpResponse<String> send() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	HttpResponse<byte[]> sendForBytes() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofByteArray());
	}

	LegacyReply reply() throws IOException, InterruptedException {
		HttpResponse<String> response = send();
		if (response.statusCode() != 200) {
			throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
		}
		return LegacyReply.parse(response.body());
	}

	/** The parameters as sent, Signature included, for the method the transport uses. */
	Map<String, String> signedParameters() {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Action", ScfLegacyEmulator.ACTION);
		all.put("Region", "gz");
		all.put("SecretId", this.secretId);
		all.put("Nonce", Long.toString(this.nonce != null ? this.nonce : NONCES.incrementAndGet()));
		all.put("Timestamp",
				Long.toString(this.timestamp != null ? this.timestamp : this.clock.instant().getEpochSecond()));
		this.parameters.forEach((name, value) -> {
			if (value == null) {
				all.remove(name);
			}
			else {
				all.put(name, value);
			}
		});
		String httpMethod = (this.transport == Transport.GET) ? "GET" : "POST";
		String stringToSign = LegacySigner.stringToSign(httpMethod, this.signingHost, ScfLegacyEmulator.PATH, all);
		LegacySigner.Method method = (this.forcedMethod != null) ? this.forcedMethod : LegacySigner.methodOf(all);
		String signature = LegacySigner.signature(this.secretKey, method, stringToSign);
		all.put("Signature", this.signatureTamper.apply(signature));
		return all;
	}

	HttpRequest request() {
		Map<String, String> all = signedParameters();
		HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30));
		return switch (this.transport) {
			case GET -> request.uri(URI.create(this.uri + "?" + urlEncoded(all))).GET().build();
			case FORM -> request.uri(postUri())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(urlEncoded(all), StandardCharsets.UTF_8))
				.build();
			case MULTIPART -> request.uri(postUri())
				.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
				.POST(HttpRequest.BodyPublishers.ofString(multipart(all), StandardCharsets.UTF_8))
				.build();
		};
	}

	private URI postUri() {
		return URI.create(this.uri + (this.rawQueryOfPost.isEmpty() ? "" : "?" + this.rawQueryOfPost));
	}

	private static String urlEncoded(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map((entry) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** The legacy Java SDK's layout: each part preceded by CRLF and the delimiter, raw values, no part headers but one. */
	private static String multipart(Map<String, String> parameters) {
		StringBuilder body = new StringBuilder();
		parameters.forEach((name, value) -> body.append("\r\n--")
			.append(BOUNDARY)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(name)
			.append("\"\r\n\r\n")
			.append(value));
		return body.append("\r\n--").append(BOUNDARY).append("--\r\n").toString();
	}

}
