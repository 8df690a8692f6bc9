package dev.logtally.source.scf;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;

/**
 * A client for the legacy Tencent Cloud API v2 {@code GetFunctionLogs} ({@code /v2/index.php}) on the JDK
 * {@link HttpClient}: parameters signed with HmacSHA1 or HmacSHA256, sent as a query (GET) or a form (POST).
 *
 * <p>Every attempt is a new request with a fresh {@code Nonce} and {@code Timestamp}: the API refuses a reused nonce
 * as a replay (4500), so a retry must never resend the same parameters.
 */
public final class ScfLegacyApiClient {

	static final String PATH = "/v2/index.php";

	/** The code of a request refused as a replay: a reused Nonce, or a Timestamp too far from the API's clock. */
	private static final int REPLAY = 4500;

	private static final int REPLAY_ATTEMPTS = 3;

	private final SourceSpec source;

	private final ScfLegacyOptions options;

	private final ScfCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final LongSupplier nonces;

	private final URI uri;

	private final ScfLegacyResponseParser parser;

	public ScfLegacyApiClient(SourceSpec source, ScfCredentials credentials, SourceConnection connection) {
		this(source, credentials, connection, randomNonces());
	}

	/** @param nonces the {@code Nonce} of each request: positive, and never the same twice in the replay window */
	ScfLegacyApiClient(SourceSpec source, ScfCredentials credentials, SourceConnection connection,
			LongSupplier nonces) {
		this.source = source;
		this.options = source.options(ScfLegacyOptions.class);
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		this.nonces = nonces;
		this.uri = source.endpoint().resolve(PATH);
		this.parser = new ScfLegacyResponseParser(source.timeZone());
	}

	/** The spec's id of the source this client reads, for operators' messages. */
	public String sourceId() {
		return this.source.id();
	}

	/**
	 * One page of the function's logs, newest first.
	 * @throws SourceException naming the source and function, when the source refuses the request or every attempt
	 *     failed
	 */
	public ScfPage getFunctionLogs(ScfTarget target, int offset, int limit) {
		String context = "source " + this.source.id() + ", function " + target.function() + ", offset " + offset;
		return this.retry.call(() -> send(context, target, offset, limit));
	}

	/**
	 * One signed request, sent again freshly signed while it is refused as a replay, at most {@value #REPLAY_ATTEMPTS}
	 * times: the JDK {@link HttpClient} silently resends a GET whose pooled connection the server dropped, nonce and
	 * all, so the API may have seen our own request twice. A refusal that outlasts fresh signatures is a real clock or
	 * nonce problem, and final.
	 */
	private ScfPage send(String context, ScfTarget target, int offset, int limit) {
		ScfLegacyResponseParser.Answer answer = exchange(context, target, offset, limit);
		for (int attempt = 1; attempt < REPLAY_ATTEMPTS && answer instanceof ScfLegacyResponseParser.Error error
				&& error.code() == REPLAY; attempt++) {
			answer = exchange(context, target, offset, limit);
		}
		if (answer instanceof ScfLegacyResponseParser.Error error) {
			throw classify(context, error.code(), error.codeDesc(), error.message());
		}
		return ((ScfLegacyResponseParser.Page) answer).page();
	}

	private ScfLegacyResponseParser.Answer exchange(String context, ScfTarget target, int offset, int limit) {
		return SourceHttp.exchange(this.http, () -> request(target, offset, limit), this.budget, context, this.uri,
				(response, in) -> {
					int status = response.statusCode();
					if (status != 200) {
						in.transferTo(OutputStream.nullOutputStream());
						String what = context + ": HTTP " + status + " from " + this.uri;
						throw new SourceException(status >= 500 ? SourceException.Kind.SERVER
								: status == 429 ? SourceException.Kind.THROTTLED : SourceException.Kind.REJECTED, what);
					}
					return this.parser.parse(in);
				});
	}

	/**
	 * The legacy codes: authentication (41xx, 4300, 4500) fails at once; quota (4400 when its message says so, 4420,
	 * 4480) and internal errors (6000, 6200) are retried. SCF also uses 4400 for an invalid parameter, so 4400 counts as
	 * throttling only when its message speaks of a quota or a frequency.
	 */
	static SourceException classify(String context, int code, String codeDesc, String message) {
		String what = context + ": code " + code + (codeDesc.isEmpty() ? "" : " (" + codeDesc + ")") + ": " + message;
		String lower = message.toLowerCase(Locale.ROOT);
		if (code == 4420 || code == 4480 || (code == 4400 && (lower.contains("quota") || lower.contains("frequency")
				|| message.contains("频率") || message.contains("配额")))) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (code == 6000 || code == 6200) {
			return new SourceException(SourceException.Kind.SERVER, what);
		}
		if (code == REPLAY) {
			return new SourceException(SourceException.Kind.AUTH, what + " (the API saw a replay: check this "
					+ "machine's clock, which must be within 5 minutes of Tencent's, and that no other client reuses "
					+ "these credentials' nonces)");
		}
		if ((code >= 4100 && code < 4200) || code == 4300) {
			return new SourceException(SourceException.Kind.AUTH, what + " (check the credentials this source "
					+ "references)");
		}
		if (code == 5000) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what);
		}
		return new SourceException(SourceException.Kind.REJECTED, what);
	}

	private HttpRequest request(ScfTarget target, int offset, int limit) {
		Map<String, String> parameters = new TreeMap<>();
		parameters.put("Action", "GetFunctionLogs");
		parameters.put("Nonce", Long.toString(this.nonces.getAsLong()));
		parameters.put("Timestamp", Long.toString(this.clock.instant().getEpochSecond()));
		parameters.put("Region", this.options.region());
		parameters.put("SecretId", this.credentials.secretId());
		parameters.put("SignatureMethod", this.options.signatureMethod());
		if (this.credentials.token() != null) {
			parameters.put("Token", this.credentials.token().reveal());
		}
		parameters.put("functionName", target.function());
		parameters.put("offset", Integer.toString(offset));
		parameters.put("limit", Integer.toString(limit));
		parameters.put("order", "desc");
		parameters.put("orderby", "startTime");
		if (target.retCode() != null) {
			parameters.put("filter.retCode", target.retCode());
		}
		String method = this.options.httpMethod();
		String stringToSign = LegacySigner.stringToSign(method, this.options.signingHost(), PATH, parameters);
		parameters.put("Signature", LegacySigner.signature(this.credentials.secretKey().reveal(),
				LegacySigner.methodOf(parameters), stringToSign));
		String form = parameters.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder().timeout(this.source.timeout());
		if (method.equals("POST")) {
			return request.uri(this.uri)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
				.build();
		}
		return request.uri(URI.create(this.uri + "?" + form)).GET().build();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Consecutive numbers from a random start: random nonces would repeat (the birthday bound makes that likely within
	 * thousands of requests), and a repeat within the replay window is refused as a replay.
	 */
	private static LongSupplier randomNonces() {
		AtomicLong next = new AtomicLong(1 + new SecureRandom().nextInt(Integer.MAX_VALUE / 2));
		return () -> next.getAndIncrement();
	}

}
