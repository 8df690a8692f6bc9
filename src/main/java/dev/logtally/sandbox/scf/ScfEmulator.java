package dev.logtally.sandbox.scf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.exc.JacksonIOException;

import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.SecondCounter;
import dev.logtally.sandbox.scf.ScfDataset.FunctionLogs;
import dev.logtally.sandbox.scf.ScfDataset.StoredLog;
import dev.logtally.sandbox.scf.ScfFaults.Fault;
import dev.logtally.sandbox.tencent.Api3Credential;
import dev.logtally.sandbox.tencent.ApiError;
import dev.logtally.sandbox.tencent.FunctionDeliveries;
import dev.logtally.sandbox.tencent.SignatureCheck;

/**
 * A loopback emulator of Tencent Cloud SCF API 3.0 {@code GetFunctionLogs} (version {@code 2018-04-16}), serving an
 * {@link ScfDataset}, and {@code GetFunction}, answering where a function delivers its logs to CLS
 * ({@link Builder#clsTopic}, {@link FunctionDeliveries}). It listens on {@code 127.0.0.1} only.
 *
 * <p>It checks what the real API is documented or observed to check: the {@code X-TC-*} headers, a
 * {@code TC3-HMAC-SHA256} signature re-derived from the wire, a ±5 minute timestamp window, a per-SecretId rate
 * limit per calendar second, and the parameter rules ({@code Offset + Limit <= 10000}, a closed time range of at most
 * one day, given as {@code yyyy-MM-dd HH:mm:ss} in the response time zone). Business errors are HTTP 200 with
 * {@code Response.Error}, as API 3.0 does. All time comes from the injected {@link Clock}, so tests can pin seconds.
 *
 * <p>Requests are handled in this order: protocol and headers, signature, rate counting, an injected fault if one is
 * queued ({@link #faults()}), the rate limit, then parameters and the query. Only signature-valid requests count
 * towards the rate limit and take faults.
 *
 * <p>Answers are computed against the dataset as it stands when the request arrives: a log added with
 * {@link ScfDataset.Builder#late} is returned once {@link #servedCount()} has reached its threshold.
 *
 * <p>Where the vendor documentation is silent the emulator chooses the stricter answer: a missing
 * {@code Authorization} or {@code FunctionName} is {@code MissingParameter}; {@code Limit < 1} is
 * {@code InvalidParameterValue}; a parameter the action does not define is {@code UnknownParameter}; a JSON number
 * sent as a string is {@code InvalidParameter}; a path other than {@code /} or a method other than GET/POST is
 * {@code InvalidRequest}; without {@code Qualifier} logs of every version match.
 */
public final class ScfEmulator extends LoopbackEmulator<ScfEmulator> {

	public static final String ACTION = "GetFunctionLogs";

	public static final String VERSION = "2018-04-16";

	public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 5;

	/** Beijing time: the API prints and parses {@code yyyy-MM-dd HH:mm:ss} in it. */
	public static final ZoneId DEFAULT_RESPONSE_ZONE = ZoneOffset.ofHours(8);

	private static final System.Logger LOG = System.getLogger(ScfEmulator.class.getName());

	private static final List<String> REQUIRED_HEADERS = List.of("X-TC-Action", "X-TC-Version", "X-TC-Timestamp",
			"X-TC-Region", "Authorization");

	private final ScfDataset dataset;

	private final int rateLimitPerSecond;

	private final ZoneId responseZone;

	private final SignatureCheck signatureCheck;

	private final ResponseJson responseJson;

	private final ScfFaults faults = new ScfFaults();

	private final SecondCounter perSecond = new SecondCounter();

	private final FunctionDeliveries deliveries;

	private final AtomicInteger getFunctions = new AtomicInteger();

	private ScfEmulator(Builder builder) {
		super(builder, "scf-emulator");
		this.dataset = builder.dataset();
		this.rateLimitPerSecond = builder.rateLimit();
		this.responseZone = builder.responseZone;
		this.signatureCheck = new SignatureCheck(builder.credentials(), clock());
		this.responseJson = new ResponseJson(builder.responseZone);
		this.deliveries = builder.deliveries.copy();
	}

	public static Builder builder() {
		return new Builder();
	}

	public ScfFaults faults() {
		return this.faults;
	}

	public ScfDataset dataset() {
		return this.dataset;
	}

	/** The most signature-valid requests this SecretId made within one calendar second of the clock. */
	public int maxRequestsInAnySecond(String secretId) {
		return this.perSecond.maxInAnySecond(secretId);
	}

	/** Signature-valid {@code GetFunction} requests. */
	public int getFunctionCount() {
		return this.getFunctions.get();
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
			LOG.log(System.Logger.Level.WARNING, "emulator failed on " + exchange.getRequestURI(), ex);
		}
		finally {
			exchange.close();
		}
	}

	private Reply reply(HttpExchange exchange, byte[] body) {
		String method = exchange.getRequestMethod();
		Headers headers = exchange.getRequestHeaders();
		try {
			if (!"/".equals(exchange.getRequestURI().getRawPath())) {
				throw new ApiError("InvalidRequest", "The path must be `/`.");
			}
			if (!"POST".equals(method) && !"GET".equals(method)) {
				throw new ApiError("InvalidRequest", "The method must be POST or GET.");
			}
			for (String name : REQUIRED_HEADERS) {
				String value = headers.getFirst(name);
				if (value == null || value.isBlank()) {
					throw ApiError.missingParameter(name);
				}
			}
			String action = headers.getFirst("X-TC-Action");
			if (!ACTION.equals(action) && !FunctionDeliveries.ACTION.equals(action)) {
				throw new ApiError("InvalidAction", "The action `" + action + "` is not supported.");
			}
			String version = headers.getFirst("X-TC-Version");
			if (!VERSION.equals(version)) {
				throw new ApiError("NoSuchVersion",
						"The requested version `" + version + "` of service `scf` does not exist.");
			}
			String secretId = this.signatureCheck.verify(method, exchange.getRequestURI().getRawQuery(), headers,
					body);
			int inSecond = this.perSecond.record(secretId, clock().instant().getEpochSecond());
			boolean getFunction = FunctionDeliveries.ACTION.equals(action);
			if (getFunction) {
				this.getFunctions.incrementAndGet();
			}
			Fault fault = this.faults.take();
			if (fault != null) {
				return injected(fault, inSecond, exchange, body);
			}
			if (this.rateLimitPerSecond > 0 && inSecond > this.rateLimitPerSecond) {
				countThrottled();
				throw rateLimited(inSecond, this.rateLimitPerSecond);
			}
			if (getFunction) {
				return new FunctionReply(this.deliveries.answer(body,
						(namespace, function) -> this.dataset.function(namespace, function) != null, requestId()));
			}
			return answer(exchange, body);
		}
		catch (ApiError error) {
			return new ErrorReply(error);
		}
	}

	private Reply injected(Fault fault, int inSecond, HttpExchange exchange, byte[] body) {
		int limit = this.rateLimitPerSecond > 0 ? this.rateLimitPerSecond : DEFAULT_RATE_LIMIT_PER_SECOND;
		return switch (fault.kind()) {
			case HTTP_STATUS -> new StatusReply(fault.httpStatus());
			case THROTTLE -> new ErrorReply(rateLimited(Math.max(inSecond, limit + 1), limit));
			case INTERNAL_ERROR -> new ErrorReply(new ApiError("InternalError.System",
					"An internal error has occurred. Retry your request, but if the problem persists, contact us."));
			case DROP_CONNECTION -> new DropReply();
			case TRUNCATE_JSON -> new TruncatedReply(answer(exchange, body));
		};
	}

	/** The normal answer to a signature-valid request within the rate limit. */
	private Reply answer(HttpExchange exchange, byte[] body) {
		try {
			LogQuery query = LogQuery.parse(parameters(exchange, body), this.responseZone, clock().instant());
			FunctionLogs function = this.faults.deleted(query.functionName()) ? null
					: this.dataset.function(query.namespace(), query.functionName());
			if (function == null) {
				throw new ApiError("ResourceNotFound.Function", "The function `" + query.functionName()
						+ "` does not exist in namespace `" + query.namespace() + "`.");
			}
			List<StoredLog> matches = matches(function, query, servedCount());
			int from = (int) Math.min(query.offset(), matches.size());
			int to = (int) Math.min(query.offset() + query.limit(), matches.size());
			return new PageReply(matches.size(), List.copyOf(matches.subList(from, to)));
		}
		catch (ApiError error) {
			return new ErrorReply(error);
		}
	}

	private static Map<String, String> parameters(HttpExchange exchange, byte[] body) {
		if ("GET".equals(exchange.getRequestMethod())) {
			return RequestParameters.fromForm(exchange.getRequestURI().getRawQuery());
		}
		String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
			.toLowerCase(Locale.ROOT);
		if (contentType.startsWith("application/x-www-form-urlencoded")) {
			return RequestParameters.fromForm(new String(body, StandardCharsets.UTF_8));
		}
		if (contentType.startsWith("multipart/")) {
			throw new ApiError("InvalidParameter", "Multipart requests are not supported by this action.");
		}
		return RequestParameters.fromJson(body);
	}

	/** Matching logs in the requested order; a duplicated log is listed twice, side by side. */
	private static List<StoredLog> matches(FunctionLogs function, LogQuery query, int servedSoFar) {
		int first = function.firstAtOrAfter(query.from().getEpochSecond());
		int end = function.firstAtOrAfter(query.to().getEpochSecond() + 1);
		List<StoredLog> matches = new ArrayList<>(Math.max(0, end - first));
		for (int i = first; i < end; i++) {
			StoredLog stored = function.get(i);
			ScfLogEntry log = stored.template();
			if (stored.visibleAfterServed() > servedSoFar
					|| (query.qualifier() != null && !query.qualifier().equals(log.qualifier()))
					|| (query.retCode() != null && !query.retCode().matches(log.retCode()))
					|| (query.functionRequestId() != null && !query.functionRequestId().equals(log.requestId()))) {
				continue;
			}
			matches.add(stored);
			if (stored.duplicated()) {
				matches.add(stored);
			}
		}
		if (query.orderBy() != LogOrder.START_TIME) {
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
		this.faults.awaitRelease();
		pause(this.faults.delay());
		Headers responseHeaders = exchange.getResponseHeaders();
		if (reply instanceof StatusReply status) {
			byte[] html = gatewayPage(status.status());
			responseHeaders.set("Content-Type", "text/html; charset=utf-8");
			send(exchange, status.status(), html);
			return;
		}
		responseHeaders.set("Content-Type", "application/json");
		if (reply instanceof ErrorReply error) {
			send(exchange, 200, render(error));
		}
		else if (reply instanceof FunctionReply function) {
			exchange.sendResponseHeaders(200, function.body().length);
			OutputStream out = exchange.getResponseBody();
			out.write(function.body(), 0, function.body().length - 1);
			out.flush();
			int served = countServed(0);
			out.write(function.body(), function.body().length - 1, 1);
			out.close();
			exchange.close();
			announceServed(served);
		}
		else if (reply instanceof TruncatedReply truncated) {
			byte[] whole = render(truncated.whole());
			send(exchange, 200, Arrays.copyOf(whole, whole.length / 2));
		}
		else if (reply instanceof PageReply page) {
			// chunked, so a page with megabyte logs is streamed rather than buffered
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			this.responseJson.writePage(out, page.totalCount(), page.logs(), requestId());
			// Counted before the last bytes go out: a client that has the whole answer must see it counted.
			int served = countServed(page.logs().size());
			out.close();
			exchange.close();
			announceServed(served);
		}
	}

	private byte[] render(Reply reply) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (reply instanceof ErrorReply error) {
			this.responseJson.writeError(out, error.error(), requestId());
		}
		else if (reply instanceof PageReply page) {
			this.responseJson.writePage(out, page.totalCount(), page.logs(), requestId());
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

	private static ApiError rateLimited(int times, int limit) {
		return new ApiError("RequestLimitExceeded", "Your current request times equals to `" + times
				+ "` in a second, which exceeds the frequency limit `" + limit
				+ "` for a second. Please reduce the frequency of calls.");
	}

	private static byte[] gatewayPage(int status) {
		String title = status + " " + switch (status) {
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Time-out";
			case 429 -> "Too Many Requests";
			default -> "Error";
		};
		return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
				+ "</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String requestId() {
		return UUID.randomUUID().toString();
	}

	/** What a request gets; computed first, then delivered, so faults can wrap a normal answer. */
	private sealed interface Reply permits ErrorReply, PageReply, StatusReply, DropReply, TruncatedReply,
			FunctionReply {
	}

	/** A {@code GetFunction} answer. */
	private record FunctionReply(byte[] body) implements Reply {
	}

	private record ErrorReply(ApiError error) implements Reply {
	}

	private record PageReply(long totalCount, List<StoredLog> logs) implements Reply {
	}

	private record StatusReply(int status) implements Reply {
	}

	private record DropReply() implements Reply {
	}

	private record TruncatedReply(Reply whole) implements Reply {
	}

	/** Configures an {@link ScfEmulator}; {@link #dataset} and at least one {@link #credential} are required. */
	public static final class Builder
			extends LoopbackEmulator.Builder<Builder, ScfEmulator, ScfDataset, Api3Credential> {

		private ZoneId responseZone = DEFAULT_RESPONSE_ZONE;

		private final FunctionDeliveries deliveries = new FunctionDeliveries();

		private Builder() {
			super(DEFAULT_RATE_LIMIT_PER_SECOND);
		}

		/** Requests allowed per SecretId per calendar second; 0 turns the limit off. Default 5. */
		public Builder rateLimitPerSecond(int limit) {
			return rateLimit(limit);
		}

		/** The zone of {@code StartTime}/{@code EndTime} in requests and responses. Default UTC+8. */
		public Builder responseTimeZone(ZoneId zone) {
			this.responseZone = Objects.requireNonNull(zone, "zone");
			return this;
		}

		/**
		 * {@code GetFunction} answers that the function delivers its logs to the CLS topic {@code topicId}; an empty
		 * id, that it delivers none. A function of the dataset not declared here delivers none either.
		 */
		public Builder clsTopic(String namespace, String function, String topicId) {
			this.deliveries.declare(namespace, function, Objects.requireNonNull(topicId, "topicId"));
			return this;
		}

		@Override
		protected ScfEmulator create() {
			return new ScfEmulator(this);
		}

		/** A temporary key pair must come with {@code X-TC-Token: token}. */
		@Override
		protected Api3Credential credentialOf(String secretId, String secretKey, String token) {
			return new Api3Credential(secretId, secretKey, token);
		}

	}

}
