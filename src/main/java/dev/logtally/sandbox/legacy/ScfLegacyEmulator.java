package dev.logtally.sandbox.legacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.exc.JacksonIOException;

import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.SecondCounter;
import dev.logtally.sandbox.scf.ScfDataset.FunctionLogs;
import dev.logtally.sandbox.scf.ScfDataset.StoredLog;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfFaults.Fault;
import dev.logtally.sandbox.scf.ScfFaults;
import dev.logtally.source.scf.LegacySigner;

/**
 * A loopback emulator of the Tencent Cloud SCF legacy API v2 {@code GetFunctionLogs}
 * ({@code https://scf.api.qcloud.com/v2/index.php}), serving an {@link ScfDataset}. It listens on {@code 127.0.0.1}
 * only, over plain HTTP.
 *
 * <p>It accepts {@code GET /v2/index.php} with every parameter in the query string, and {@code POST /v2/index.php}
 * with the parameters in an {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body (the query
 * string of a POST is ignored, as documented). The signature ({@link LegacySigner}) is re-derived from the parameters
 * received; see {@link LegacySignatureCheck} for the hosts it accepts and the replay rules. All time comes from the
 * injected {@link Clock}.
 *
 * <p>Requests are handled in this order: path (else HTTP 404) and method (else HTTP 405), reading the parameters,
 * the common parameters and {@code Action}, authentication, rate counting, an injected fault if one is queued
 * ({@link #faults()}), the rate limit, then the action's parameters and the query. Only authenticated requests count
 * towards the rate limit and take faults. Every business answer, error or not, is HTTP 200 with a JSON body:
 * {@code {"code":0,"message":"","codeDesc":"Success","total":N,"data":[...]}} or
 * {@code {"code":4100,"message":"(100003)...","codeDesc":"AuthFailure"}}.
 *
 * <p>Codes: 4000 a missing, malformed, unknown or out-of-range parameter, an unknown action, or
 * {@code offset + limit} above the cap; 4100 a wrong signature; 4104 an unknown SecretId; 4105 a wrong or missing
 * Token; 4400 the per-SecretId request quota per calendar second (the generic code for "quota exceeded"; SCF also
 * uses 4400 for invalid parameters, so only the message tells them apart); 4500 a Timestamp more than five minutes off
 * the clock or a Nonce reused by the same SecretId while its request could still be accepted; 5000 an unknown
 * function; 6000 the internal-error fault.
 *
 * <p>The legacy API has no time range and no namespace: every function is looked up in the dataset's
 * {@code default} namespace and a query covers all its logs, newest first unless {@code order=asc}. Sorting is total:
 * by the {@code orderby} key, then start time, then the dataset's stable sequence, and {@code desc} is exactly the
 * reverse of {@code asc}, so a desc read reversed equals an asc read.
 *
 * <p>Answers are computed against the dataset as it stands when the request arrives: a log added with
 * {@link ScfDataset.Builder#late} is returned once {@link #servedCount()} has reached its threshold. Placed near the
 * clock's now, such logs model invocations that happen while an export runs: they arrive at the head of a desc read
 * and shift every later offset.
 *
 * <p>Inferred, not documented for the legacy API: the entries also carry {@code level}, {@code source} and
 * {@code retryNum}, fields the same backend returns through API 3.0; {@code startTime} is Beijing time by default
 * (the official example's log lines are eight hours behind it); the error {@code codeDesc} values and module codes;
 * the {@code limit} maximum and the {@code offset + limit} cap, which are knobs ({@link Builder#maxLimit},
 * {@link Builder#offsetCap}).
 *
 * <p>Where the documentation is silent the emulator chooses the stricter answer: {@code functionName} and
 * {@code Region} are required; {@code Nonce} must be a positive 32-bit unsigned integer; a parameter given twice (or as
 * both {@code a.b} and {@code a_b}) is refused. It is lenient where the legacy pages disagree with each other:
 * {@code orderby} takes camelCase and snake_case, {@code order=acs} (the page's typo) means {@code asc}, and
 * {@code requestId} (listed on one copy of the page) filters by invocation.
 */
public final class ScfLegacyEmulator extends LoopbackEmulator<ScfLegacyEmulator> {

	public static final String ACTION = "GetFunctionLogs";

	public static final String PATH = "/v2/index.php";

	/** The host official clients sign for. */
	public static final String DEFAULT_SIGNING_HOST = "scf.api.qcloud.com";

	public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 5;

	/** Beijing time: the API prints {@code startTime} as {@code yyyy-MM-dd HH:mm:ss} in it. */
	public static final ZoneId DEFAULT_RESPONSE_ZONE = ZoneOffset.ofHours(8);

	/** The API 3.0 rule, assumed for the legacy API too: no page may reach past this index. */
	public static final int DEFAULT_OFFSET_CAP = 10_000;

	public static final int DEFAULT_MAX_LIMIT = 100;

	/** The dataset namespace every legacy function is looked up in. */
	public static final String NAMESPACE = "default";

	private static final System.Logger LOG = System.getLogger(ScfLegacyEmulator.class.getName());

	/**
	 * Whether the JDK HttpServer sets TCP_NODELAY (read once per JVM). Without it Nagle's algorithm holds each small
	 * body until the client's delayed ACK, about 40 ms a request; closing the connection pushes it out at once.
	 */
	private static final boolean NO_DELAY = Boolean.getBoolean("sun.net.httpserver.nodelay");

	private final ScfDataset dataset;

	private final int rateLimitPerSecond;

	private final int offsetCap;

	private final int maxLimit;

	private final LegacySignatureCheck signatureCheck;

	private final LegacyJson json;

	private final ScfFaults faults = new ScfFaults();

	private final SecondCounter perSecond = new SecondCounter();

	private ScfLegacyEmulator(Builder builder) {
		super(builder, "scf-legacy-emulator");
		this.dataset = builder.dataset();
		this.rateLimitPerSecond = builder.rateLimit();
		this.offsetCap = builder.offsetCap;
		this.maxLimit = builder.maxLimit;
		this.signatureCheck = new LegacySignatureCheck(builder.credentials(), clock(), builder.signingHost, PATH);
		this.json = new LegacyJson(builder.responseZone, builder.stringCodes);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The same fault knobs as the API 3.0 emulator; {@code throttle} answers 4400, {@code internalError} 6000. */
	public ScfFaults faults() {
		return this.faults;
	}

	public ScfDataset dataset() {
		return this.dataset;
	}

	/** {@code http://127.0.0.1:PORT/v2/index.php}, where requests go. */
	public URI apiUri() {
		return URI.create(endpoint() + PATH);
	}

	/** The most authenticated requests this SecretId made within one calendar second of the clock. */
	public int maxRequestsInAnySecond(String secretId) {
		return this.perSecond.maxInAnySecond(secretId);
	}

	@Override
	protected void handle(HttpExchange exchange) {
		countRequest();
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			deliver(exchange, reply(exchange, body));
		}
		catch (IOException | JacksonIOException ex) {
			// Jackson 3 reports socket failures unchecked; either way the client went away mid-answer
			LOG.log(System.Logger.Level.DEBUG, "client went away", ex);
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "legacy emulator failed on " + exchange.getRequestURI(), ex);
		}
		finally {
			exchange.close();
		}
	}

	private Reply reply(HttpExchange exchange, byte[] body) {
		if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
			return new StatusReply(404);
		}
		String method = exchange.getRequestMethod();
		if (!"GET".equals(method) && !"POST".equals(method)) {
			return new StatusReply(405);
		}
		Headers headers = exchange.getRequestHeaders();
		try {
			Map<String, String> parameters = "GET".equals(method)
					? LegacyParameters.fromQuery(exchange.getRequestURI().getRawQuery())
					: LegacyParameters.fromBody(headers.getFirst("Content-Type"), body);
			CommonParameters common = CommonParameters.parse(parameters, ACTION);
			String secretId = this.signatureCheck.verify(method, headers.getFirst("Host"), common, parameters);
			int inSecond = this.perSecond.record(secretId, clock().instant().getEpochSecond());
			Fault fault = this.faults.take();
			if (fault != null) {
				return injected(fault, inSecond, parameters);
			}
			if (this.rateLimitPerSecond > 0 && inSecond > this.rateLimitPerSecond) {
				countThrottled();
				throw LegacyError.quotaExceeded(inSecond, this.rateLimitPerSecond);
			}
			return answer(parameters);
		}
		catch (LegacyError error) {
			return new ErrorReply(error);
		}
	}

	private Reply injected(Fault fault, int inSecond, Map<String, String> parameters) {
		int limit = this.rateLimitPerSecond > 0 ? this.rateLimitPerSecond : DEFAULT_RATE_LIMIT_PER_SECOND;
		return switch (fault.kind()) {
			case HTTP_STATUS -> new StatusReply(fault.httpStatus());
			case THROTTLE -> new ErrorReply(LegacyError.quotaExceeded(Math.max(inSecond, limit + 1), limit));
			case INTERNAL_ERROR -> new ErrorReply(LegacyError.internalError());
			case DROP_CONNECTION -> new DropReply();
			case TRUNCATE_JSON -> new TruncatedReply(answer(parameters));
		};
	}

	/** The normal answer to an authenticated request within the rate limit. */
	private Reply answer(Map<String, String> parameters) {
		try {
			LegacyQuery query = LegacyQuery.parse(parameters, this.maxLimit, this.offsetCap);
			FunctionLogs function = this.dataset.function(NAMESPACE, query.functionName());
			if (function == null) {
				throw LegacyError.resourceNotFound("the function `" + query.functionName() + "` does not exist");
			}
			List<StoredLog> matches = matches(function, query, servedCount());
			int from = (int) Math.min(query.offset(), matches.size());
			int to = (int) Math.min(query.offset() + query.limit(), matches.size());
			return new PageReply(matches.size(), List.copyOf(matches.subList(from, to)));
		}
		catch (LegacyError error) {
			return new ErrorReply(error);
		}
	}

	/** Matching logs in the requested order; a duplicated log is listed twice, side by side. */
	private static List<StoredLog> matches(FunctionLogs function, LegacyQuery query, int servedSoFar) {
		List<StoredLog> matches = new ArrayList<>(function.size());
		for (int i = 0; i < function.size(); i++) {
			StoredLog stored = function.get(i);
			if (stored.visibleAfterServed() > servedSoFar
					|| (query.retCode() != null && !query.retCode().matches(stored.template().retCode()))
					|| (query.requestId() != null && !query.requestId().equals(stored.template().requestId()))) {
				continue;
			}
			matches.add(stored);
			if (stored.duplicated()) {
				matches.add(stored);
			}
		}
		if (query.orderBy() != LegacyOrder.START_TIME) {
			// List.sort is stable, so the two copies of a duplicated log stay side by side
			matches.sort(query.orderBy().comparator(query.ascending()));
		}
		else if (!query.ascending()) {
			// the function is stored in ascending (start, sequence) order and desc is its exact reverse
			Collections.reverse(matches);
		}
		return matches;
	}

	private void deliver(HttpExchange exchange, Reply reply) throws IOException {
		if (reply instanceof DropReply) {
			// closing before sendResponseHeaders closes the socket with no byte written
			exchange.close();
			return;
		}
		pause(this.faults.delay());
		Headers responseHeaders = exchange.getResponseHeaders();
		if (!NO_DELAY) {
			responseHeaders.set("Connection", "close");
		}
		if (reply instanceof StatusReply status) {
			responseHeaders.set("Content-Type", "text/html; charset=utf-8");
			if (status.status() == 405) {
				responseHeaders.set("Allow", "GET, POST");
			}
			send(exchange, status.status(), gatewayPage(status.status()));
			return;
		}
		responseHeaders.set("Content-Type", "application/json; charset=utf-8");
		if (reply instanceof ErrorReply) {
			send(exchange, 200, render(reply));
		}
		else if (reply instanceof TruncatedReply truncated) {
			byte[] whole = render(truncated.whole());
			send(exchange, 200, Arrays.copyOf(whole, whole.length / 2));
		}
		else if (reply instanceof PageReply page) {
			// chunked, so a page with megabyte logs is streamed rather than buffered
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			this.json.writePage(out, page.total(), page.logs());
			// Counted before the final chunk goes out: a client that has the whole answer must see it counted, and
			// one that hangs up before the end is uncounted again.
			int served = countServed(page.logs().size());
			try {
				out.close();
			}
			catch (IOException | RuntimeException ex) {
				uncountServed(page.logs().size());
				throw ex;
			}
			exchange.close();
			announceServed(served);
		}
	}

	private byte[] render(Reply reply) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (reply instanceof ErrorReply error) {
			this.json.writeError(out, error.error());
		}
		else if (reply instanceof PageReply page) {
			this.json.writePage(out, page.total(), page.logs());
		}
		else {
			throw new IllegalArgumentException("not a JSON reply: " + reply);
		}
		return out.toByteArray();
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void pause(Duration delay) {
		if (delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** What a gateway in front of the API answers with: a small HTML page. */
	private static byte[] gatewayPage(int status) {
		String title = status + " " + switch (status) {
			case 404 -> "Not Found";
			case 405 -> "Not Allowed";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Time-out";
			default -> "Error";
		};
		return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
				+ "</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/** What a request gets; computed first, then delivered, so faults can wrap a normal answer. */
	private sealed interface Reply permits ErrorReply, PageReply, StatusReply, DropReply, TruncatedReply {
	}

	private record ErrorReply(LegacyError error) implements Reply {
	}

	private record PageReply(long total, List<StoredLog> logs) implements Reply {
	}

	private record StatusReply(int status) implements Reply {
	}

	private record DropReply() implements Reply {
	}

	private record TruncatedReply(Reply whole) implements Reply {
	}

	/** Configures a {@link ScfLegacyEmulator}; {@link #dataset} and at least one {@link #credential} are required. */
	public static final class Builder
			extends LoopbackEmulator.Builder<Builder, ScfLegacyEmulator, ScfDataset, LegacyCredential> {

		private String signingHost = DEFAULT_SIGNING_HOST;

		private ZoneId responseZone = DEFAULT_RESPONSE_ZONE;

		private int offsetCap = DEFAULT_OFFSET_CAP;

		private int maxLimit = DEFAULT_MAX_LIMIT;

		private boolean stringCodes;

		private Builder() {
			super(DEFAULT_RATE_LIMIT_PER_SECOND);
		}

		/** Requests allowed per SecretId per calendar second; 0 turns the limit off. Default 5. */
		public Builder rateLimitPerSecond(int limit) {
			return rateLimit(limit);
		}

		/**
		 * The host clients sign for, {@value ScfLegacyEmulator#DEFAULT_SIGNING_HOST} unless set. Signatures over the
		 * {@code Host} header, with or without its port, are accepted as well.
		 */
		public Builder signingHost(String host) {
			Objects.requireNonNull(host, "host");
			if (host.isBlank()) {
				throw new IllegalArgumentException("host must not be blank");
			}
			this.signingHost = host;
			return this;
		}

		/** The zone {@code startTime} is printed in. Default UTC+8. */
		public Builder responseTimeZone(ZoneId zone) {
			this.responseZone = Objects.requireNonNull(zone, "zone");
			return this;
		}

		/**
		 * The largest {@code offset + limit} accepted (4000 above it); 0 for none. Default 10,000. The legacy pages
		 * state no such cap; API 3.0 has this one.
		 */
		public Builder offsetCap(int cap) {
			if (cap < 0) {
				throw new IllegalArgumentException("cap must not be negative");
			}
			this.offsetCap = cap;
			return this;
		}

		/** The largest {@code limit} accepted (4000 above it). Default 100; the legacy pages state no maximum. */
		public Builder maxLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("limit must be positive");
			}
			this.maxLimit = limit;
			return this;
		}

		/** Whether {@code code} is a JSON string ({@code "code":"0"}), as the generic legacy pages show. Default off. */
		public Builder stringCodes(boolean enabled) {
			this.stringCodes = enabled;
			return this;
		}

		@Override
		protected ScfLegacyEmulator create() {
			return new ScfLegacyEmulator(this);
		}

		/** A temporary key pair must come with the parameter {@code Token=token}. */
		@Override
		protected LegacyCredential credentialOf(String secretId, String secretKey, String token) {
			return new LegacyCredential(secretId, secretKey, token);
		}

	}

}
