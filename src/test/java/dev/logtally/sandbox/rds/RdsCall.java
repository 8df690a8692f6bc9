package dev.logtally.sandbox.rds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.logtally.source.rds.HuaweiSigner;

/**
 * Test-only: one RDS API request signed with {@link HuaweiSigner} and sent with the JDK {@link HttpClient}. Defaults
 * make a valid request like the Java SDK's (signed {@code host}, {@code x-sdk-date} and {@code x-project-id}; query
 * values percent-encoded, {@code +} as {@code %2B}); the setters break exactly one thing at a time.
 */
final class RdsCall {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI endpoint;

	private final Clock clock;

	private final Map<String, String> query = new LinkedHashMap<>();

	/** Extra headers, sent and signed. */
	private final Map<String, String> headers = new LinkedHashMap<>();

	/** Extra headers, sent but not signed. */
	private final Map<String, String> unsignedHeaders = new LinkedHashMap<>();

	private String accessKey;

	private String secretKey;

	private String method = "GET";

	private String path = "/";

	private byte[] body = new byte[0];

	/** {@code null}: the clock's now. */
	private String sdkDate;

	private boolean sendDate = true;

	private boolean signDate = true;

	private String signedHost;

	/** Sent as it is instead of the encoded query; signed as a server decodes it. */
	private String rawQuery;

	private UnaryOperator<String> wireQueryTamper = UnaryOperator.identity();

	private UnaryOperator<String> authorizationTamper = UnaryOperator.identity();

	private RdsCall(URI endpoint, Clock clock, String accessKey, String secretKey) {
		this.endpoint = endpoint;
		this.clock = clock;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
	}

	static RdsCall to(RdsEmulator emulator, Clock clock, String accessKey, String secretKey) {
		return new RdsCall(emulator.endpoint(), clock, accessKey, secretKey);
	}

	/** {@code ListAuditlogs} with these name/value pairs, in this order. */
	RdsCall list(String projectId, String instanceId, Object... params) {
		this.method = "GET";
		this.path = "/v3/" + projectId + "/instances/" + instanceId + "/auditlog";
		this.body = new byte[0];
		this.query.clear();
		for (int i = 0; i < params.length; i += 2) {
			this.query.put(params[i].toString(), params[i + 1].toString());
		}
		this.headers.put("X-Project-Id", projectId);
		return this;
	}

	/** {@code ShowAuditlogDownloadLink} for these ids. */
	RdsCall links(String projectId, String instanceId, List<String> ids) {
		return linksBody(projectId, instanceId,
				ids.stream().map((id) -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"ids\":[", "]}")));
	}

	/** {@code ShowAuditlogDownloadLink} with this body. */
	RdsCall linksBody(String projectId, String instanceId, String json) {
		this.method = "POST";
		this.path = "/v3/" + projectId + "/instances/" + instanceId + "/auditlog-links";
		this.query.clear();
		this.body = json.getBytes(StandardCharsets.UTF_8);
		this.headers.put("X-Project-Id", projectId);
		return this;
	}

	RdsCall method(String value) {
		this.method = value;
		return this;
	}

	RdsCall path(String value) {
		this.path = value;
		return this;
	}

	/** Sets a query parameter; {@code null} removes it. */
	RdsCall param(String name, Object value) {
		if (value == null) {
			this.query.remove(name);
		}
		else {
			this.query.put(name, value.toString());
		}
		return this;
	}

	RdsCall key(String ak, String sk) {
		this.accessKey = ak;
		this.secretKey = sk;
		return this;
	}

	/** Sets a header, sent and signed; {@code null} removes it. */
	RdsCall header(String name, String value) {
		if (value == null) {
			this.headers.remove(name);
		}
		else {
			this.headers.put(name, value);
		}
		return this;
	}

	/** Sends a header without signing it. */
	RdsCall unsignedHeader(String name, String value) {
		this.headers.remove(name);
		this.unsignedHeaders.put(name, value);
		return this;
	}

	RdsCall sdkDate(String value) {
		this.sdkDate = value;
		return this;
	}

	RdsCall dateShiftedBy(Duration shift) {
		return sdkDate(HuaweiSigner.sdkDate(this.clock.instant().plus(shift)));
	}

	/** Names {@code x-sdk-date} in {@code SignedHeaders} but does not send the header. */
	RdsCall withoutDateHeader() {
		this.sendDate = false;
		return this;
	}

	/** Sends {@code X-Sdk-Date} but leaves it out of {@code SignedHeaders}. */
	RdsCall unsignedDate() {
		this.signDate = false;
		return this;
	}

	/** Signs this {@code host} value instead of the one sent. */
	RdsCall signedHost(String value) {
		this.signedHost = value;
		return this;
	}

	/** Sends this query string as it is and signs it as a server decodes it ({@code +} as a space). */
	RdsCall rawQuery(String value) {
		this.rawQuery = value;
		return this;
	}

	/** Changes the query on the wire after signing. */
	RdsCall tamperWireQuery(UnaryOperator<String> tamper) {
		this.wireQueryTamper = tamper;
		return this;
	}

	RdsCall tamperAuthorization(UnaryOperator<String> tamper) {
		this.authorizationTamper = tamper;
		return this;
	}

	HttpResponse<String> send() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	RdsReply reply() throws IOException, InterruptedException {
		return RdsReply.of(send());
	}

	HttpRequest request() {
		String date = (this.sdkDate != null) ? this.sdkDate : HuaweiSigner.sdkDate(this.clock.instant());
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("Host", (this.signedHost != null) ? this.signedHost
				: this.endpoint.getHost() + ":" + this.endpoint.getPort());
		if (this.signDate) {
			signed.put(HuaweiSigner.X_SDK_DATE, date);
		}
		signed.putAll(this.headers);
		Map<String, List<String>> signedQuery = (this.rawQuery != null) ? RdsSignatureCheck.query(this.rawQuery)
				: multi(this.query);
		HuaweiSigner.Signature signature = HuaweiSigner.sign(this.secretKey, date,
				new HuaweiSigner.Input(this.method, this.path, signedQuery, signed, this.body));
		String wireQuery = (this.rawQuery != null) ? this.rawQuery
				: this.query.entrySet()
					.stream()
					.map((param) -> HuaweiSigner.encode(param.getKey()) + "=" + HuaweiSigner.encode(param.getValue()))
					.collect(Collectors.joining("&"));
		wireQuery = this.wireQueryTamper.apply(wireQuery);
		URI uri = URI.create(this.endpoint + this.path + (wireQuery.isEmpty() ? "" : "?" + wireQuery));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", this.authorizationTamper.apply(signature.authorization(this.accessKey)));
		if (this.sendDate) {
			request.header(HuaweiSigner.X_SDK_DATE, date);
		}
		this.headers.forEach(request::header);
		this.unsignedHeaders.forEach(request::header);
		if ("GET".equals(this.method)) {
			return request.GET().build();
		}
		return request.header("Content-Type", "application/json")
			.method(this.method, HttpRequest.BodyPublishers.ofByteArray(this.body))
			.build();
	}

	private static Map<String, List<String>> multi(Map<String, String> single) {
		Map<String, List<String>> multi = new LinkedHashMap<>();
		single.forEach((name, value) -> multi.put(name, List.of(value)));
		return multi;
	}

}
