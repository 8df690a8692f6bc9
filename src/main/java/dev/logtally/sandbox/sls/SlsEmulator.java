package dev.logtally.sandbox.sls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.sls.SlsFaults.Api;
import dev.logtally.sandbox.sls.SlsFaults.Kind;

/**
 * A loopback emulator of Alibaba Cloud Log Service (SLS) {@code GetLogs} and {@code GetHistograms}, serving an
 * {@link SlsDataset}. It listens on {@code 127.0.0.1} only.
 *
 * <p>It accepts the three request shapes found in the wild: {@code GET /logstores/{ls}?type=log} (documented),
 * {@code GET /logstores/{ls}/index?type=log} (Java SDK up to 0.6.84) and {@code POST /logstores/{ls}/logs} with a JSON
 * body (GetLogsV2, Java SDK 0.6.85 and later, Python SDK since 2024), plus {@code type=histogram} on both GET paths.
 * The project is the first label of the request's host: the {@code Host} header ({@code <project>.127.0.0.1:PORT})
 * or the host of an absolute-form request target, which is what an SDK sends through
 * {@code ClientConfiguration.setProxyHost}.
 *
 * <p>Requests are handled in this order: host and project label, the v1 signature ({@link SlsSignatureCheck}),
 * counting towards the per-project read QPS, an injected fault if one is queued ({@link #faults()}), the QPS limit,
 * then project, logstore, index, parameters and the query. Only signature-valid requests count towards the limit and
 * take faults. All time comes from the injected {@link Clock}.
 *
 * <p>Ordering models real SLS, whose GetLogs ordering is documented as precise to the minute: results are sorted by
 * {@code __time__}, but only to the second with {@code accurate=true} and only to the minute without it. Within a
 * group of logs tied at that granularity the order is shuffled per request, seeded from the request counter, so offset
 * paging across a tie can repeat or skip logs. {@link Builder#unstableOrder(boolean) unstableOrder(false)} makes the
 * order stable by (time, nanosecond part, sequence).
 *
 * <p>GetHistograms splits {@code [from, to)} into {@code min(60, to - from)} buckets on whole seconds (one bucket for a
 * sub-second range given with {@code fromNs}/{@code toNs}); the first and last bucket count only logs inside the
 * nanosecond bounds, so bucket counts always add up to what GetLogs returns for the same range, topic and query.
 *
 * <p>Answers are computed against the dataset as it stands when the request arrives: a log added with
 * {@link SlsDataset.Builder#late} is returned once {@link #servedCount()} has reached its threshold.
 *
 * <p>Unless the JVM runs with {@code -Dsun.net.httpserver.nodelay=true}, every answer closes its connection
 * ({@code Connection: close}): real SLS keeps connections alive, but the JDK HttpServer would otherwise stall each
 * answer for about 40 ms (see {@link #NO_DELAY}), which adds minutes to an export of a few thousand pages.
 *
 * <p>Where the vendor documentation is silent the emulator chooses the stricter answer: a missing {@code from} or
 * {@code to}, a nanosecond part outside 0..999,999,999, a non-boolean {@code accurate} or an unknown path is
 * {@code ParameterInvalid}; a {@code Content-MD5} that is not the upper-case hex MD5 of the body is 400
 * {@code InvalidContentMD5}; a compressed request body is {@code InvalidCompressType}; a permanent AccessKey sent with
 * a security token is {@code Unauthorized}. A GetLogsV2 answer reports its progress only in {@code meta.progress}
 * (no {@code x-log-progress} header), its {@code meta.keys} are the page's field keys in order, and
 * {@code x-log-processed-rows} / {@code meta.processedRows} is the number of matching logs.
 */
public final class SlsEmulator extends LoopbackEmulator<SlsEmulator> {

	private static final System.Logger LOG = System.getLogger(SlsEmulator.class.getName());

	private static final Pattern LOGSTORE_PATH = Pattern.compile("/logstores/([^/]+)(/index|/logs)?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Whether the JDK HttpServer sets TCP_NODELAY (read once per JVM). Without it, the server flushes response headers
	 * in a segment of their own and Nagle's algorithm holds the small body until the client's delayed ACK, about
	 * 40 ms per request on Linux; closing the connection after each answer pushes the body out at once.
	 */
	private static final boolean NO_DELAY = Boolean.getBoolean("sun.net.httpserver.nodelay");

	/** Spreads request numbers over the seed space so that neighbouring requests shuffle unrelatedly. */
	private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private final SlsDataset dataset;

	private final int readQpsPerProject;

	private final boolean unstableOrder;

	private final SlsSignatureCheck signatureCheck;

	private final SlsFaults faults = new SlsFaults();

	private final ProjectSeconds perSecond = new ProjectSeconds();

	private SlsEmulator(Builder builder) {
		super(builder, "sls-emulator");
		this.dataset = builder.dataset();
		this.readQpsPerProject = builder.rateLimit();
		this.unstableOrder = builder.unstableOrder;
		this.signatureCheck = new SlsSignatureCheck(builder.credentials(), clock());
	}

	public static Builder builder() {
		return new Builder();
	}

	public SlsFaults faults() {
		return this.faults;
	}

	public SlsDataset dataset() {
		return this.dataset;
	}

	/** The most signature-valid requests for this project within one calendar second of the clock. */
	public int maxRequestsInAnySecond(String project) {
		return this.perSecond.busiest(project);
	}

	@Override
	protected void handle(HttpExchange exchange) {
		int requestNumber = countRequest();
		long started = System.nanoTime();
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			deliver(exchange, reply(exchange, body, requestNumber), started);
		}
		catch (IOException | JacksonIOException ex) {
			LOG.log(System.Logger.Level.DEBUG, "client went away", ex);
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "emulator failed on " + exchange.getRequestURI(), ex);
		}
		finally {
			exchange.close();
		}
	}

	private Reply reply(HttpExchange exchange, byte[] body, int requestNumber) {
		try {
			Target target = Target.of(exchange);
			this.signatureCheck.verify(target.method(), target.rawPath(), target.queryParams(),
					exchange.getRequestHeaders(), body);
			int inSecond = this.perSecond.record(target.project(), clock().instant().getEpochSecond());
			Kind fault = this.faults.take();
			if (fault != null) {
				return injected(fault, target, exchange.getRequestHeaders(), body, requestNumber);
			}
			if (this.readQpsPerProject > 0 && inSecond > this.readQpsPerProject) {
				countThrottled();
				throw SlsError.readQuotaExceeded("Read QPS Exceed");
			}
			return answer(target, exchange.getRequestHeaders(), body, requestNumber, true);
		}
		catch (SlsError error) {
			return new ErrorReply(error);
		}
	}

	private Reply injected(Kind fault, Target target, Headers headers, byte[] body, int requestNumber) {
		return switch (fault) {
			case QUOTA_EXCEEDED -> new ErrorReply(SlsError.readQuotaExceeded("Read quota is exceeded."));
			case SERVER_BUSY ->
				new ErrorReply(new SlsError(503, "ServerBusy", "The server is busy, please try again later."));
			case INTERNAL_ERROR ->
				new ErrorReply(new SlsError(500, "InternalServerError", "Internal server error, please try again."));
			case REQUEST_TIMEOUT ->
				new ErrorReply(new SlsError(500, "RequestTimeout", "The request timed out, please try again."));
			case DROP_CONNECTION -> new DropReply();
			// the complete answer, computed without consuming an Incomplete repeat: it never reaches the client whole
			case TRUNCATE_JSON -> new TruncatedReply(answerOrError(target, headers, body, requestNumber));
		};
	}

	private Reply answerOrError(Target target, Headers headers, byte[] body, int requestNumber) {
		try {
			return answer(target, headers, body, requestNumber, false);
		}
		catch (SlsError error) {
			return new ErrorReply(error);
		}
	}

	/**
	 * The answer of the query engine.
	 * @param countsAsAttempt whether this evaluation counts towards the Incomplete repeats of identical requests
	 */
	private Reply answer(Target target, Headers headers, byte[] body, int requestNumber, boolean countsAsAttempt) {
		if (!this.dataset.hasProject(target.project())) {
			throw new SlsError(404, "ProjectNotExist", "The Project does not exist : " + target.project());
		}
		Matcher path = LOGSTORE_PATH.matcher(target.path());
		if (!path.matches()) {
			throw notEmulated(target);
		}
		String suffix = Objects.requireNonNullElse(path.group(2), "");
		boolean v2 = "/logs".equals(suffix);
		if (!target.method().equals(v2 ? "POST" : "GET")) {
			throw notEmulated(target);
		}
		StoredLogstore logstore = this.dataset.logstore(target.project(), path.group(1));
		if (logstore == null) {
			throw new SlsError(404, "LogStoreNotExist", "logstore " + path.group(1) + " does not exist.");
		}
		if (!logstore.indexed()) {
			throw SlsError.badRequest("IndexConfigNotExist", "Logstore without index config.");
		}
		if (v2) {
			if (headers.getFirst("x-log-compresstype") != null) {
				throw SlsError.badRequest("InvalidCompressType", "The emulator does not accept compressed bodies.");
			}
			return logs(logstore, LogQuery.forLogs(jsonParameters(body)), true, requestNumber, countsAsAttempt);
		}
		String type = target.queryParams().get("type");
		if ("log".equals(type)) {
			return logs(logstore, LogQuery.forLogs(target.queryParams()), false, requestNumber, countsAsAttempt);
		}
		if ("histogram".equals(type)) {
			return histograms(logstore, LogQuery.forHistograms(target.queryParams()), countsAsAttempt);
		}
		throw SlsError.parameterInvalid("The parameter type must be log or histogram: " + type);
	}

	private LogsReply logs(StoredLogstore logstore, LogQuery query, boolean v2, int requestNumber,
			boolean countsAsAttempt) {
		int[] rows = matching(logstore, query);
		if (query.reverse()) {
			reverse(rows);
		}
		int attempt = countsAsAttempt ? this.faults.incompleteAttempt(Api.GET_LOGS, logstore.name(),
				query.identity(logstore.project(), logstore.name())) : 0;
		if (this.unstableOrder) {
			// the shuffled window covers the right page and every neighbour a wrong (Incomplete) page may show
			long low = Math.max(0, query.offset() - query.line());
			long high = Math.min(rows.length, query.offset() + 2L * query.line());
			shuffleTies(logstore, rows, (int) Math.min(low, rows.length), (int) high,
					query.accurate() ? 1 : 60, requestNumber);
		}
		int[] page = (attempt > 0) ? wrongPage(logstore, rows, query, attempt) : slice(rows, query.offset(), query.line());
		long processed = (attempt > 0) ? rows.length / 2 : rows.length;
		return new LogsReply(logstore, page, attempt == 0, processed, query, v2);
	}

	/**
	 * What an Incomplete answer carries instead of the right page: alternately only the first half of its rows, and
	 * the rows of a neighbouring offset; where the right page is empty, the page before it. A client that accepts it
	 * therefore loses, repeats or shifts rows.
	 */
	private static int[] wrongPage(StoredLogstore logstore, int[] rows, LogQuery query, int attempt) {
		int[] right = slice(rows, query.offset(), query.line());
		if (right.length == 0) {
			long before = Math.max(0, query.offset() - query.line());
			return slice(rows, before, (int) Math.min(query.line(), query.offset() - before));
		}
		if (attempt % 2 == 0) {
			int[] shifted = slice(rows, query.offset() + Math.max(1, query.line() / 2), query.line());
			if (shifted.length > 0 && !sameLogs(logstore, shifted, right)) {
				return shifted;
			}
		}
		return Arrays.copyOf(right, right.length / 2);
	}

	private HistogramReply histograms(StoredLogstore logstore, LogQuery query, boolean countsAsAttempt) {
		long from = query.fromSecond();
		long span = query.toSecond() - from;
		int buckets = (span <= 0) ? 1 : (int) Math.min(60, span);
		long[] starts = new long[buckets + 1];
		for (int i = 0; i < buckets; i++) {
			starts[i] = from + Math.max(0, span) * i / buckets;
		}
		starts[buckets] = query.toSecond();
		long[] counts = new long[buckets];
		for (int row : matching(logstore, query)) {
			int bucket = Arrays.binarySearch(starts, 0, buckets, logstore.second(row));
			// a miss gives -(insertion point) - 1: the bucket is the one before the insertion point
			bucket = (bucket >= 0) ? bucket : -bucket - 2;
			counts[Math.max(0, Math.min(buckets - 1, bucket))]++;
		}
		int attempt = countsAsAttempt ? this.faults.incompleteAttempt(Api.GET_HISTOGRAMS, logstore.name(),
				query.identity(logstore.project(), logstore.name())) : 0;
		if (attempt > 0) {
			long total = Arrays.stream(counts).sum();
			for (int i = 0; i < buckets; i++) {
				counts[i] /= 2;
			}
			if (total == 0) {
				counts[0] = 1;
			}
		}
		List<SlsJson.Bucket> result = new ArrayList<>(buckets);
		for (int i = 0; i < buckets; i++) {
			result.add(new SlsJson.Bucket(starts[i], (i + 1 < buckets) ? starts[i + 1] : query.toSecond(), counts[i],
					attempt == 0));
		}
		return new HistogramReply(List.copyOf(result), attempt == 0);
	}

	/** Indexes of the logs in {@code [from, to)} that are visible now and match topic and query, ascending. */
	private int[] matching(StoredLogstore logstore, LogQuery query) {
		int servedSoFar = servedCount();
		int first = logstore.firstAtOrAfter(query.fromNanos());
		int end = logstore.firstAtOrAfter(query.toNanos());
		int[] rows = new int[Math.max(0, end - first)];
		int count = 0;
		for (int i = first; i < end; i++) {
			if (logstore.visible(i, servedSoFar) && (query.topic().isEmpty() || query.topic().equals(logstore.topic(i)))
					&& query.query().matches(logstore, i)) {
				rows[count++] = i;
			}
		}
		return (count == rows.length) ? rows : Arrays.copyOf(rows, count);
	}

	/**
	 * Shuffles, in place, every group of rows tied at {@code granularity} seconds that overlaps {@code [low, high)}.
	 * Whole groups are shuffled, so the order inside the window is one consistent order for this request; the seed
	 * is the request number and the group, so the next request sees another order.
	 */
	private static void shuffleTies(StoredLogstore logstore, int[] rows, int low, int high, int granularity,
			int requestNumber) {
		if (low >= high) {
			return;
		}
		int start = low;
		while (start > 0 && group(logstore, rows[start - 1], granularity) == group(logstore, rows[low], granularity)) {
			start--;
		}
		int end = high;
		while (end < rows.length
				&& group(logstore, rows[end], granularity) == group(logstore, rows[high - 1], granularity)) {
			end++;
		}
		int runStart = start;
		while (runStart < end) {
			long group = group(logstore, rows[runStart], granularity);
			int runEnd = runStart + 1;
			while (runEnd < end && group(logstore, rows[runEnd], granularity) == group) {
				runEnd++;
			}
			SplittableRandom random = new SplittableRandom(
					StoredLogstore.mix(requestNumber * GOLDEN_GAMMA + group));
			for (int i = runEnd - 1; i > runStart; i--) {
				int swap = runStart + random.nextInt(i - runStart + 1);
				int row = rows[i];
				rows[i] = rows[swap];
				rows[swap] = row;
			}
			runStart = runEnd;
		}
	}

	private static long group(StoredLogstore logstore, int row, int granularity) {
		return Math.floorDiv(logstore.second(row), granularity);
	}

	private static int[] slice(int[] rows, long offset, int line) {
		if (offset >= rows.length) {
			return new int[0];
		}
		int from = (int) offset;
		return Arrays.copyOfRange(rows, from, (int) Math.min(rows.length, (long) from + line));
	}

	private static boolean sameLogs(StoredLogstore logstore, int[] a, int[] b) {
		if (a.length != b.length) {
			return false;
		}
		for (int i = 0; i < a.length; i++) {
			if (logstore.key(a[i]) != logstore.key(b[i])) {
				return false;
			}
		}
		return true;
	}

	private static void reverse(int[] rows) {
		for (int i = 0, j = rows.length - 1; i < j; i++, j--) {
			int row = rows[i];
			rows[i] = rows[j];
			rows[j] = row;
		}
	}

	/** The GetLogsV2 body as parameters: strings as they are, numbers and booleans as their JSON text. */
	private static Map<String, String> jsonParameters(byte[] body) {
		JsonNode root;
		try {
			root = (body.length == 0) ? null : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw SlsError.badRequest("PostBodyInvalid", "The request body is not valid JSON.");
		}
		if (root == null || !root.isObject()) {
			throw SlsError.badRequest("PostBodyInvalid", "The request body must be a JSON object.");
		}
		Map<String, String> params = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : root.properties()) {
			JsonNode value = property.getValue();
			if (value.isNull()) {
				continue;
			}
			if (value.isContainer()) {
				throw SlsError.badRequest("PostBodyInvalid", "The parameter " + property.getKey() + " must be a scalar.");
			}
			params.put(property.getKey(), value.isString() ? value.stringValue() : value.asString());
		}
		return Collections.unmodifiableMap(params);
	}

	private static SlsError notEmulated(Target target) {
		return SlsError.parameterInvalid(
				"The emulator serves only GetLogs and GetHistograms, not " + target.method() + " " + target.path());
	}

	private void deliver(HttpExchange exchange, Reply reply, long started) throws IOException {
		if (reply instanceof DropReply) {
			// closing before sendResponseHeaders closes the socket with no byte written
			exchange.close();
			return;
		}
		pause(this.faults.delay());
		Rendered rendered = render(reply, started);
		Headers headers = exchange.getResponseHeaders();
		headers.set("x-log-requestid", requestId());
		if (!NO_DELAY) {
			headers.set("Connection", "close");
		}
		rendered.headers().forEach(headers::set);
		byte[] body = rendered.body();
		if (reply instanceof TruncatedReply) {
			body = Arrays.copyOf(body, body.length / 2);
		}
		exchange.sendResponseHeaders(rendered.status(), body.length);
		boolean counts = rendered.servedWhenWritten() && body.length > 0;
		int servedNow = 0;
		try (OutputStream out = exchange.getResponseBody()) {
			// counted just before the last byte leaves: a client holding the whole answer always finds it counted,
			// and one that hangs up before the end is uncounted again below
			out.write(body, 0, body.length - (counts ? 1 : 0));
			if (counts) {
				out.flush();
				servedNow = countServed(rendered.records());
				out.write(body, body.length - 1, 1);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (counts && servedNow > 0) {
				uncountServed(rendered.records());
			}
			throw ex;
		}
		exchange.close();
		if (counts) {
			announceServed(servedNow);
		}
	}

	private Rendered render(Reply reply, long started) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		if (reply instanceof ErrorReply error) {
			return new Rendered(error.error().status(), headers, SlsJson.error(error.error()), false, 0);
		}
		if (reply instanceof TruncatedReply truncated) {
			Rendered whole = render(truncated.whole(), started);
			return new Rendered(whole.status(), whole.headers(), whole.body(), false, 0);
		}
		long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
		if (reply instanceof HistogramReply histogram) {
			headers.put("x-log-progress", histogram.complete() ? SlsJson.COMPLETE : SlsJson.INCOMPLETE);
			return new Rendered(200, headers, SlsJson.histograms(histogram.buckets()), histogram.complete(), 0);
		}
		LogsReply logs = (LogsReply) reply;
		if (logs.v2()) {
			SlsJson.Meta meta = new SlsJson.Meta(logs.complete(), logs.processedRows(), elapsed,
					logs.query().accurate(), logs.query().query().text());
			return new Rendered(200, headers, SlsJson.logsV2(logs.logstore(), logs.rows(), meta), logs.complete(),
					logs.rows().length);
		}
		headers.put("x-log-progress", logs.complete() ? SlsJson.COMPLETE : SlsJson.INCOMPLETE);
		headers.put("x-log-count", Integer.toString(logs.rows().length));
		headers.put("x-log-processed-rows", Long.toString(logs.processedRows()));
		headers.put("x-log-elapsed-millisecond", Long.toString(elapsed));
		headers.put("x-log-has-sql", "False");
		return new Rendered(200, headers, SlsJson.logArray(logs.logstore(), logs.rows()), logs.complete(),
				logs.rows().length);
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

	/** 24 upper-case hex digits, the shape of real SLS request ids. */
	private static String requestId() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase(Locale.ROOT);
	}

	/**
	 * Where a request went: method, path as received, the project from the host's first label, decoded query.
	 * @param rawPath the path exactly as on the request line, which is what was signed
	 * @param path the decoded path, for routing
	 */
	private record Target(String method, String rawPath, String path, String project, Map<String, String> queryParams) {

		static Target of(HttpExchange exchange) {
			URI uri = exchange.getRequestURI();
			// an absolute-form target (a client talking to us as its HTTP proxy) names the host itself
			String host = (uri.getHost() != null) ? uri.getHost() : withoutPort(exchange.getRequestHeaders().getFirst("Host"));
			if (host == null || host.isBlank()) {
				throw SlsError.badRequest("MissingHost", "The Host header is missing.");
			}
			int dot = host.indexOf('.');
			if (dot <= 0) {
				throw SlsError.badRequest("InvalidHost", "The host " + host + " does not start with a project name.");
			}
			return new Target(exchange.getRequestMethod(), Objects.requireNonNullElse(uri.getRawPath(), ""),
					Objects.requireNonNullElse(uri.getPath(), ""), host.substring(0, dot), query(uri.getRawQuery()));
		}

		private static String withoutPort(String host) {
			if (host == null) {
				return null;
			}
			int colon = host.lastIndexOf(':');
			return (colon >= 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit))
					? host.substring(0, colon) : host;
		}

		/** {@code +} and percent escapes are decoded, so both {@code %20} (Java SDK) and {@code +} (Python) work. */
		private static Map<String, String> query(String raw) {
			Map<String, String> params = new LinkedHashMap<>();
			if (raw == null || raw.isEmpty()) {
				return params;
			}
			for (String pair : raw.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				try {
					String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
					String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
					params.putIfAbsent(name, value);
				}
				catch (IllegalArgumentException ex) {
					throw SlsError.parameterInvalid("The query string contains a malformed escape.");
				}
			}
			return Collections.unmodifiableMap(params);
		}

	}

	/** What a request gets; computed first, then delivered, so faults can wrap a normal answer. */
	private sealed interface Reply permits ErrorReply, LogsReply, HistogramReply, DropReply, TruncatedReply {
	}

	private record ErrorReply(SlsError error) implements Reply {
	}

	/**
	 * A GetLogs answer.
	 * @param rows the page, as indexes into the logstore
	 * @param complete {@code false} for an Incomplete answer, whose rows are wrong
	 * @param v2 GetLogsV2 ({@code {meta, data}}) rather than the GET array
	 */
	private record LogsReply(StoredLogstore logstore, int[] rows, boolean complete, long processedRows, LogQuery query,
			boolean v2) implements Reply {
	}

	private record HistogramReply(List<SlsJson.Bucket> buckets, boolean complete) implements Reply {
	}

	private record DropReply() implements Reply {
	}

	private record TruncatedReply(Reply whole) implements Reply {
	}

	/**
	 * A reply as bytes and headers; {@code servedWhenWritten} for Complete answers only.
	 * @param records the logs the reply carries (0 for histograms and errors)
	 */
	private record Rendered(int status, Map<String, String> headers, byte[] body, boolean servedWhenWritten,
			int records) {
	}

	/** Configures an {@link SlsEmulator}; {@link #dataset} and at least one {@link #credential} are required. */
	public static final class Builder
			extends LoopbackEmulator.Builder<Builder, SlsEmulator, SlsDataset, SlsCredential> {

		private boolean unstableOrder = true;

		private Builder() {
			super(0);
		}

		/**
		 * Signature-valid requests allowed per project per calendar second; more are 403 {@code ReadQuotaExceed}
		 * "Read QPS Exceed". 0 (the default) turns the limit off.
		 */
		public Builder readQpsPerProject(int limit) {
			return rateLimit(limit);
		}

		/**
		 * Whether logs tied at the ordering granularity (the second with {@code accurate=true}, else the minute) come
		 * in a new order on every request, as on real SLS. Default {@code true}; {@code false} orders by (time,
		 * nanosecond part, sequence), with {@code reverse=true} as its exact reverse.
		 */
		public Builder unstableOrder(boolean unstable) {
			this.unstableOrder = unstable;
			return this;
		}

		@Override
		protected SlsEmulator create() {
			return new SlsEmulator(this);
		}

		/** An STS key pair must come with {@code x-acs-security-token: securityToken}. */
		@Override
		protected SlsCredential credentialOf(String accessKeyId, String accessKeySecret, String securityToken) {
			return new SlsCredential(accessKeyId, accessKeySecret, securityToken);
		}

	}

}
