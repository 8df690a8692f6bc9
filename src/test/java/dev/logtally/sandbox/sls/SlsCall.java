package dev.logtally.sandbox.sls;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.logtally.source.sls.SlsSigner;

/**
 * Test-only: one SLS request signed with {@link SlsSigner} and sent with the JDK {@link HttpClient} to
 * {@code 127.0.0.1:PORT} with {@code Host: <project>.127.0.0.1:PORT}, as a client with an IP endpoint sends it.
 * Defaults make a valid Java-SDK-like request ({@code Content-Type: application/x-protobuf} even on GET); the setters
 * break exactly one thing at a time.
 */
final class SlsCall {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

	private final URI endpoint;

	private final Clock clock;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private final Map<String, String> query = new LinkedHashMap<>();

	private String project;

	private String accessKeyId;

	private String secret;

	private String method = "GET";

	private String path = "/";

	private byte[] body = new byte[0];

	private String contentType = "application/x-protobuf";

	private boolean sendDate = true;

	/** {@code null}: the clock's now. */
	private String date;

	private String contentMd5;

	private UnaryOperator<String> authorizationTamper = UnaryOperator.identity();

	private SlsCall(URI endpoint, Clock clock, String project, String accessKeyId, String secret) {
		this.endpoint = endpoint;
		this.clock = clock;
		this.project = project;
		this.accessKeyId = accessKeyId;
		this.secret = secret;
		this.headers.put("x-log-apiversion", "0.6.0");
		this.headers.put("x-log-signaturemethod", "hmac-sha1");
		this.headers.put("x-log-bodyrawsize", "0");
	}

	static SlsCall to(SlsEmulator emulator, Clock clock, String project, String accessKeyId, String secret) {
		return new SlsCall(emulator.endpoint(), clock, project, accessKeyId, secret);
	}

	/** {@code GET /logstores/{logstore}?type=log} with these name/value pairs. */
	SlsCall logs(String logstore, Object... params) {
		return get("/logstores/" + logstore, "log", params);
	}

	/** {@code GET /logstores/{logstore}/index?type=log}, the Java SDK's path up to 0.6.84. */
	SlsCall logsViaIndex(String logstore, Object... params) {
		return get("/logstores/" + logstore + "/index", "log", params);
	}

	/** {@code POST /logstores/{logstore}/logs} with this JSON body (GetLogsV2). */
	SlsCall logsV2(String logstore, String json) {
		this.method = "POST";
		this.path = "/logstores/" + logstore + "/logs";
		this.query.clear();
		this.body = json.getBytes(StandardCharsets.UTF_8);
		this.contentType = "application/json";
		return this;
	}

	/** {@code GET /logstores/{logstore}?type=histogram}. */
	SlsCall histograms(String logstore, Object... params) {
		return get("/logstores/" + logstore, "histogram", params);
	}

	/** {@code GET /logstores/{logstore}/index?type=histogram}, the Java SDK's path. */
	SlsCall histogramsViaIndex(String logstore, Object... params) {
		return get("/logstores/" + logstore + "/index", "histogram", params);
	}

	SlsCall project(String name) {
		this.project = name;
		return this;
	}

	SlsCall key(String id, String key) {
		this.accessKeyId = id;
		this.secret = key;
		return this;
	}

	/** The {@code Date} header to send and sign; {@code null} sends none. */
	SlsCall date(String value) {
		this.sendDate = value != null;
		this.date = value;
		return this;
	}

	SlsCall dateShiftedBy(Duration shift) {
		return date(RFC_1123.format(this.clock.instant().plus(shift)));
	}

	/** Sets a header (signed if it is a LOG header); {@code null} removes it. */
	SlsCall header(String name, String value) {
		if (value == null) {
			this.headers.remove(name);
		}
		else {
			this.headers.put(name, value);
		}
		return this;
	}

	/** {@code null} sends no {@code Content-Type}, as the Python SDK does on GET. */
	SlsCall contentType(String value) {
		this.contentType = value;
		return this;
	}

	/** Sends and signs this {@code Content-MD5} instead of the body's. */
	SlsCall contentMd5(String value) {
		this.contentMd5 = value;
		return this;
	}

	SlsCall tamperAuthorization(UnaryOperator<String> tamper) {
		this.authorizationTamper = tamper;
		return this;
	}

	HttpResponse<String> send() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	HttpResponse<byte[]> sendForBytes() throws IOException, InterruptedException {
		return HTTP.send(request(), HttpResponse.BodyHandlers.ofByteArray());
	}

	SlsReply reply() throws IOException, InterruptedException {
		return SlsReply.of(send());
	}

	HttpRequest request() {
		String dateHeader = !this.sendDate ? null
				: (this.date != null) ? this.date : RFC_1123.format(this.clock.instant());
		Map<String, String> sent = new LinkedHashMap<>(this.headers);
		if (dateHeader != null) {
			sent.put("Date", dateHeader);
		}
		if (this.contentType != null) {
			sent.put("Content-Type", this.contentType);
		}
		String md5 = (this.contentMd5 != null) ? this.contentMd5
				: (this.body.length > 0) ? SlsSigner.contentMd5(this.body) : null;
		if (md5 != null) {
			sent.put("Content-MD5", md5);
		}
		String signedDate = (dateHeader != null) ? dateHeader : Objects.requireNonNullElse(sent.get("x-log-date"), "");
		SlsSigner.Input input = new SlsSigner.Input(this.method, (md5 != null) ? md5 : "", this.contentType,
				signedDate, sent, this.path, this.query);
		String authorization = SlsSigner.authorization(this.accessKeyId, SlsSigner.signature(this.secret, input));
		String rawQuery = this.query.entrySet()
			.stream()
			.map((param) -> encode(param.getKey()) + "=" + encode(param.getValue()))
			.collect(Collectors.joining("&"));
		URI uri = URI.create(this.endpoint + this.path + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Host", this.project + "." + this.endpoint.getHost() + ":" + this.endpoint.getPort())
			.header("Authorization", this.authorizationTamper.apply(authorization));
		sent.forEach(request::header);
		return "GET".equals(this.method) ? request.GET().build()
				: request.POST(HttpRequest.BodyPublishers.ofByteArray(this.body)).build();
	}

	private SlsCall get(String path, String type, Object... params) {
		this.method = "GET";
		this.path = path;
		this.body = new byte[0];
		this.query.clear();
		this.query.put("type", type);
		for (int i = 0; i < params.length; i += 2) {
			this.query.put(params[i].toString(), params[i + 1].toString());
		}
		return this;
	}

	/** As the Java SDK encodes: spaces as {@code %20}, not {@code +}. */
	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
