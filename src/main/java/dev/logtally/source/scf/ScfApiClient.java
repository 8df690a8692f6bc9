package dev.logtally.source.scf;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

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
 * A client for Tencent Cloud SCF API 3.0 {@code GetFunctionLogs}, on the JDK {@link HttpClient}.
 *
 * <p>Every request waits for the account's {@link RateBudget}, is signed with TC3-HMAC-SHA256 at send time (a retry is
 * a new signature with a new timestamp), and is classified on failure: throttling, internal errors, 5xx, resets,
 * timeouts and truncated answers are transient and retried by the {@link RetryPolicy}; authentication failures,
 * rejected parameters and unknown functions are permanent and fail at once.
 */
public final class ScfApiClient {

	static final String ACTION = "GetFunctionLogs";

	static final String VERSION = "2018-04-16";

	private static final JsonFactory JSON = new JsonFactory();

	private final SourceSpec source;

	private final ScfCredentials credentials;

	private final HttpClient http;

	private final RateBudget budget;

	private final RetryPolicy retry;

	private final Clock clock;

	private final Api3Endpoint endpoint;

	private final ScfResponseParser parser;

	public ScfApiClient(SourceSpec source, ScfCredentials credentials, SourceConnection connection) {
		this.source = source;
		this.credentials = credentials;
		this.http = connection.http();
		this.budget = connection.budget();
		this.retry = connection.retry();
		this.clock = connection.clock();
		ScfOptions options = source.options(ScfOptions.class);
		this.endpoint = new Api3Endpoint(source.endpoint(), options.service(), VERSION, options.region(),
				source.timeout());
		this.parser = new ScfResponseParser(source.timeZone());
	}

	/** The spec's id of the source this client reads, for operators' messages. */
	public String sourceId() {
		return this.source.id();
	}

	/**
	 * Fetches one page, retrying transient faults.
	 * @throws SourceException naming the source, function and range, when the source refuses the request or every
	 *     attempt failed
	 */
	public ScfPage getFunctionLogs(ScfQuery query) {
		return this.retry.call(() -> send(query));
	}

	private ScfPage send(ScfQuery query) {
		String context = "source " + this.source.id() + ", function " + query.target().function() + ", "
				+ describeRange(query);
		byte[] body = body(query);
		URI uri = this.endpoint.uri();
		return SourceHttp.exchange(this.http, () -> sign(body), this.budget, context, uri, (response, in) -> {
			this.endpoint.requireOk(response, in, context);
			ScfResponseParser.Answer answer = this.parser.parse(in);
			if (answer instanceof ScfResponseParser.ErrorAnswer error) {
				throw classify(context, error);
			}
			ScfPage page = ((ScfResponseParser.PageAnswer) answer).page();
			checkWithinRange(context, query, page);
			return page;
		});
	}

	/** A page that holds a log outside the range asked for would put it in the wrong window: refuse it. */
	private static void checkWithinRange(String context, ScfQuery query, ScfPage page) {
		for (FunctionLog log : page.logs()) {
			if (log.startTime().isBefore(query.from()) || !log.startTime().isBefore(query.to())) {
				throw new SourceException(SourceException.Kind.MALFORMED, context + ": malformed answer: log "
						+ log.requestId() + " starts at " + log.startTime() + ", outside the range asked for");
			}
		}
	}

	static SourceException classify(String context, ScfResponseParser.ErrorAnswer error) {
		String code = error.code();
		String what = context + ": " + code + ": " + error.message();
		if (code.startsWith("RequestLimitExceeded")) {
			return new SourceException(SourceException.Kind.THROTTLED, what);
		}
		if (code.startsWith("InternalError") || code.equals("ServiceUnavailable")) {
			return new SourceException(SourceException.Kind.SERVER, what);
		}
		if (code.startsWith("AuthFailure")) {
			return new SourceException(SourceException.Kind.AUTH,
					what + " (check the credentials this source references)");
		}
		if (code.startsWith("ResourceNotFound")) {
			return new SourceException(SourceException.Kind.NOT_FOUND, what);
		}
		return new SourceException(SourceException.Kind.REJECTED, what);
	}

	private HttpRequest sign(byte[] body) {
		return this.endpoint.request(ACTION, body, this.credentials.secretId(), this.credentials.secretKey(),
				this.credentials.token(), this.clock.instant().getEpochSecond());
	}

	private byte[] body(ScfQuery query) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("FunctionName", query.target().function());
			json.writeStringProperty("Namespace", query.target().namespace());
			if (query.target().qualifier() != null) {
				json.writeStringProperty("Qualifier", query.target().qualifier());
			}
			json.writeNumberProperty("Offset", query.offset());
			json.writeNumberProperty("Limit", query.limit());
			json.writeStringProperty("Order", "asc");
			json.writeStringProperty("OrderBy", "start_time");
			json.writeStringProperty("StartTime", scfTime(query.from()));
			// SCF's EndTime is inclusive and second-precise: the last second of the half-open slice.
			json.writeStringProperty("EndTime", scfTime(query.to().minusSeconds(1)));
			if (query.target().retCode() != null) {
				json.writeName("Filter");
				json.writeStartObject();
				json.writeStringProperty("RetCode", query.target().retCode());
				json.writeEndObject();
			}
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private String scfTime(Instant instant) {
		return ScfResponseParser.SCF_TIME.format(LocalDateTime.ofInstant(instant, this.source.timeZone()));
	}

	private String describeRange(ScfQuery query) {
		ZoneId zone = this.source.timeZone();
		return "window [" + query.from() + ", " + query.to() + ") (" + scfTime(query.from()) + " to "
				+ ScfResponseParser.SCF_TIME.format(LocalDateTime.ofInstant(query.to().minusSeconds(1), zone))
				+ " " + zone + "), offset " + query.offset();
	}

}
