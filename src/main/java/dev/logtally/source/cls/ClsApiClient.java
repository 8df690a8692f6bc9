package dev.logtally.source.cls;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.logtally.http.RateBudget;
import dev.logtally.http.RetryPolicy;
import dev.logtally.http.SourceException;
import dev.logtally.http.SourceHttp;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.source.tencent.Api3Endpoint;
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

	/** {@code QuerySyntax}/{@code SyntaxRule} 1: CQL, sent always, as the old fields default to Lucene. */
	static final int CQL = 1;

	/** DescribeLogHistogram answers at most this many buckets: {@code (To - From) / Interval <= 200}. */
	static final long MAX_BUCKETS = 200;

	private static final JsonFactory JSON = new JsonFactory();

	private final SourceSpec source;

	private final ClsCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final Api3Endpoint endpoint;

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
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		this.endpoint = new Api3Endpoint(source.endpoint(), SERVICE, VERSION,
				source.options(ClsOptions.class).region(), source.timeout());
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

	/**
	 * One SearchLog with an SQL {@code count(*)} at {@code SamplingRate} 1 (exact, no sampling), bounded on
	 * {@code __TIMESTAMP__} exactly as the window is, whatever {@code From} and {@code To} include. No {@code Limit} or
	 * {@code Sort}: CLS ignores both for SQL.
	 */
	@Override
	public long sqlCount(ClsTarget target, MsRange range) {
		String context = context(target, range) + ", SQL count(*)";
		byte[] body = body((json) -> {
			json.writeStringProperty("TopicId", target.topic());
			json.writeNumberProperty("From", range.start());
			json.writeNumberProperty("To", range.end());
			json.writeStringProperty("QueryString", countStatement(target, range));
			json.writeNumberProperty("QuerySyntax", CQL);
			json.writeNumberProperty("SamplingRate", 1);
			json.writeBooleanProperty("UseNewAnalysis", true);
		});
		return this.retry.call(() -> send("SearchLog", target, context, body, (in) -> {
			ClsResponseParser.Answer<Long> answer = this.parser.sqlCount(in);
			if (answer.error() != null) {
				throw sqlRefused(context, answer.error());
			}
			return answer.value();
		}));
	}

	/**
	 * {@code <query> | select count(*) as c where __TIMESTAMP__ >= start and __TIMESTAMP__ < end}, then an exact
	 * equality for each of the target's exact fields (in key order), so that a function's count holds only its own
	 * logs where its search statement may match the name as text.
	 */
	static String countStatement(ClsTarget target, MsRange range) {
		StringBuilder statement = new StringBuilder(target.query())
			.append(" | select count(*) as c where __TIMESTAMP__ >= ")
			.append(range.start())
			.append(" and __TIMESTAMP__ < ")
			.append(range.end());
		new TreeMap<>(target.exactFields()).forEach((key, value) -> statement.append(" and \"")
			.append(key.replace("\"", "\"\""))
			.append("\" = '")
			.append(value.replace("'", "''"))
			.append('\''));
		return statement.toString();
	}

	/**
	 * As {@link #classify}, but a statement CLS refuses to analyse names the fix: a topic whose index has no
	 * statistics cannot run SQL, and the cross-check is then turned off on the source. A count CLS finds too large is
	 * the window's error too, never a {@link ClsQueryException} for a reader that splits searches, not counts.
	 */
	private RuntimeException sqlRefused(String context, ClsResponseParser.ErrorAnswer error) {
		String code = error.code();
		if (code.equals("FailedOperation.QueryError") || code.equals("FailedOperation.SyntaxError")
				|| (code.startsWith("OperationDenied") && !code.startsWith("OperationDenied.Account"))) {
			return new SourceException(SourceException.Kind.REJECTED, context + ": " + code + ": " + error.message()
					+ ": the topic does not run the SQL count(*) that cross-checks each window's count; if its index "
					+ "has no statistics (SQL analysis) enabled, set `sqlCount: false` on source " + this.source.id());
		}
		RuntimeException classified = classify(context, error);
		// A search too large is split by the reader; a count of the whole window has no smaller query to fall back on.
		return classified instanceof ClsQueryException refusal ? refusal.fault("an SQL count(*) of the whole window "
				+ "cannot be split; if CLS keeps refusing it, set `sqlCount: false` on source " + this.source.id())
				: classified;
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
				this.budget, context, this.endpoint.uri(), (response, in) -> {
					this.endpoint.requireOk(response, in, context + ": " + action);
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
		return this.endpoint.request(action, body, this.credentials.secretId(), this.credentials.secretKey(),
				this.credentials.token(), this.clock.instant().getEpochSecond());
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

}
