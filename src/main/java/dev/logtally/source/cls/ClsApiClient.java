package dev.logtally.source.cls;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.source.tencent.Tc3Signer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A client for Tencent Cloud CLS {@code SearchLog} and {@code DescribeLogHistogram} (API 3.0, version 2020-10-16), on
 * the JDK {@link HttpClient}.
 *
 * <p>Every request holds one of its topic's places for queries in flight ({@link TopicQuerySlots}), waits for the
 * account's {@link RateBudget}, is signed with TC3-HMAC-SHA256 for the service {@code cls} at send time (a retry is a
 * new signature), and always states its query syntax (CQL), never relying on a field's default. CLS answers errors as HTTP 200 with {@code Response.Error}; {@link #classify} decides what each
 * code means: throttling, internal errors and timeouts are retried by the {@link RetryPolicy}; a query too large for
 * CLS and an invalid Context are handed to the reader ({@link ClsQueryException}); everything else fails at once.
 */
public final class ClsApiClient implements ClsApi {

	static final String VERSION = "2020-10-16";

	/** The service in the TC3 credential scope. */
	static final String SERVICE = "cls";

	static final String CONTENT_TYPE = "application/json; charset=utf-8";

	/** {@code QuerySyntax}/{@code SyntaxRule} 1: CQL, sent always, as the old fields default to Lucene. */
	static final int CQL = 1;

	/** DescribeLogHistogram answers at most this many buckets: {@code (To - From) / Interval <= 200}. */
	static final long MAX_BUCKETS = 200;

	private static final JsonFactory JSON = new JsonFactory();

	private final SourceSpec source;

	private final ClsOptions options;

	private final ClsCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final URI uri;

	private final String hostHeader;

	private final ClsResponseParser parser = new ClsResponseParser();

	private final TopicQuerySlots slots;

	/** A client with places of its own for queries in flight per topic. */
	public ClsApiClient(SourceSpec source, ClsCredentials credentials, SourceConnection connection) {
		this(source, credentials, connection, new TopicQuerySlots());
	}

	/**
	 * @param slots the places for queries in flight per topic, shared by every client of the source in this run
	 */
	ClsApiClient(SourceSpec source, ClsCredentials credentials, SourceConnection connection, TopicQuerySlots slots) {
		this.slots = slots;
		this.source = source;
		this.options = source.options(ClsOptions.class);
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		this.uri = source.endpoint().resolve("/");
		this.hostHeader = hostHeader(this.uri);
	}

	@Override
	public ClsPage searchLog(ClsSearch search) {
		String context = context(search.target(), search.range())
				+ (search.context() == null ? "" : ", continuing with a Context");
		byte[] body = body((json) -> {
			json.writeStringProperty("TopicId", search.target().topic());
			json.writeNumberProperty("From", search.range().start());
			json.writeNumberProperty("To", search.range().end());
			json.writeStringProperty("QueryString", search.target().query());
			json.writeNumberProperty("QuerySyntax", CQL);
			json.writeStringProperty("Sort", "asc");
			json.writeNumberProperty("Limit", search.limit());
			if (search.context() != null) {
				json.writeStringProperty("Context", search.context());
			}
		});
		return this.retry.call(() -> send("SearchLog", search.target(), context, body, (in) -> {
			ClsResponseParser.Answer<ClsPage> answer = this.parser.searchLog(in);
			if (answer.error() != null) {
				throw classify(context, answer.error());
			}
			return answer.value();
		}));
	}

	/**
	 * @param interval the bucket length; at least {@code range.length() / 200}, as CLS requires
	 */
	@Override
	public ClsHistogram histogram(ClsTarget target, MsRange range, long interval) {
		String context = context(target, range);
		byte[] body = body((json) -> {
			json.writeStringProperty("TopicId", target.topic());
			json.writeNumberProperty("From", range.start());
			json.writeNumberProperty("To", range.end());
			json.writeStringProperty("Query", target.query());
			json.writeNumberProperty("SyntaxRule", CQL);
			json.writeNumberProperty("Interval", interval);
		});
		return this.retry.call(() -> send("DescribeLogHistogram", target, context, body, (in) -> {
			ClsResponseParser.Answer<ClsHistogram> answer = this.parser.histogram(in);
			if (answer.error() != null) {
				throw classify(context, answer.error());
			}
			return answer.value();
		}));
	}

	/** The finest interval CLS allows for {@code range}: at most 200 buckets, at least a millisecond each. */
	static long finestInterval(MsRange range) {
		return Math.max(1, -Math.floorDiv(-range.length(), MAX_BUCKETS));
	}

	@Override
	public String context(ClsTarget target, MsRange range) {
		return "source " + this.source.id() + ", topic " + target.topic() + ", range " + range;
	}

	/** Reads an answer's body. */
	@FunctionalInterface
	private interface BodyReader<T> {

		T read(InputStream body);

	}

	/** One exchange, holding one of the topic's places for queries in flight from before it is sent until it is read. */
	private <T> T send(String action, ClsTarget target, String context, byte[] body, BodyReader<T> reader) {
		return this.slots.hold(target.topic(), context, () -> SourceHttp.exchange(this.http, () -> sign(action, body),
				this.budget, context, this.uri, (response, in) -> {
					int status = response.statusCode();
					if (status != 200) {
						in.transferTo(OutputStream.nullOutputStream());
						String what = context + ": " + action + ": HTTP " + status + " from " + this.uri;
						if (status == 429) {
							throw new SourceException(SourceException.Kind.THROTTLED, what);
						}
						throw new SourceException(status >= 500 ? SourceException.Kind.SERVER
								: SourceException.Kind.REJECTED, what);
					}
					return reader.read(in);
				}));
	}

	/**
	 * What an error code means for the request: retried (throttled or a server fault), answered by the reader
	 * ({@link ClsQueryException}), or permanent, with the fix named where there is one.
	 */
	static RuntimeException classify(String context, ClsResponseParser.ErrorAnswer error) {
		String code = error.code();
		String what = context + ": " + code + ": " + error.message();
		if (code.equals("RequestLimitExceeded") || code.startsWith("RequestLimitExceeded.")
				|| code.equals("LimitExceeded.LogSearch")) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (code.equals("InternalError") || code.startsWith("InternalError.")
				|| code.equals("FailedOperation.SearchTimeout") || code.equals("FailedOperation.Timeout")) {
			return new SourceException(SourceException.Kind.SERVER, what);
		}
		if (code.equals("LimitExceeded.SearchResources") || code.equals("LimitExceeded.SearchResultTooLarge")) {
			return new ClsQueryException(ClsQueryException.Refusal.TOO_LARGE, what);
		}
		if (code.equals("FailedOperation.InvalidContext")) {
			return new ClsQueryException(ClsQueryException.Refusal.INVALID_CONTEXT, what);
		}
		if (code.startsWith("AuthFailure")) {
			String hint = code.equals("AuthFailure.SignatureExpire") ? " (check this machine's clock)"
					: " (check the credentials this source references)";
			return new SourceException(SourceException.Kind.AUTH, what + hint);
		}
		if (code.equals("ResourceNotFound.TopicNotExist")) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what + " (check the target's topic and the "
					+ "source's region)");
		}
		if (code.startsWith("ResourceNotFound")) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what);
		}
		return new SourceException(SourceException.Kind.REJECTED, what);
	}

	private HttpRequest sign(String action, byte[] body) {
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> signed = new LinkedHashMap<>();
		signed.put("content-type", CONTENT_TYPE);
		signed.put("host", this.hostHeader);
		Tc3Signer.Signature signature = Tc3Signer.sign(this.credentials.secretKey().reveal(),
				new Tc3Signer.Input("POST", "", signed, body, SERVICE, timestamp));
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(this.source.timeout())
			.header("Content-Type", CONTENT_TYPE)
			.header("Authorization", signature.authorization(this.credentials.secretId()))
			.header("X-TC-Action", action)
			.header("X-TC-Version", VERSION)
			.header("X-TC-Timestamp", Long.toString(timestamp))
			.header("X-TC-Region", this.options.region())
			.header("X-TC-RequestClient", "logtally")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (this.credentials.token() != null) {
			request.header("X-TC-Token", this.credentials.token().reveal());
		}
		return request.build();
	}

	private static byte[] body(Consumer<JsonGenerator> fields) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			fields.accept(json);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/** The Host header the JDK client sends, which the signature must cover byte for byte. */
	static String hostHeader(URI uri) {
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
				|| ("http".equals(uri.getScheme()) && port == 80);
		return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
	}

}
