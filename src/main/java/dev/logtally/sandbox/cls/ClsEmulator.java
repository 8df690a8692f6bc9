package dev.logtally.sandbox.cls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.SecondCounter;
import dev.logtally.sandbox.cls.ClsFaults.Addition;
import dev.logtally.sandbox.cls.ClsFaults.Fault;
import dev.logtally.sandbox.cls.SearchContexts.Cursor;
import dev.logtally.sandbox.tencent.ApiError;
import dev.logtally.sandbox.tencent.FunctionDeliveries;
import dev.logtally.sandbox.tencent.Api3Credential;
import dev.logtally.sandbox.tencent.SignatureCheck;

/**
 * A loopback emulator of Tencent Cloud CLS (Cloud Log Service) API 3.0 {@code SearchLog} and
 * {@code DescribeLogHistogram} (version {@code 2020-10-16}), serving a {@link ClsDataset}. It listens on
 * {@code 127.0.0.1} only, and follows {@code docs/cls-wire-contract.md} of the shared docs.
 *
 * <p>Requests are {@code POST /} with a JSON body, handled in this order: path and method, the {@code X-TC-*}
 * headers (action, version {@code 2020-10-16}, timestamp, region), the {@code TC3-HMAC-SHA256} signature (service taken
 * from the credential scope, host from the {@code Host} header, ±5 minutes of the emulator's clock: the official Java
 * SDK pointed at {@code 127.0.0.1:PORT} signs with service {@code 127}), counting towards the rate limit per SecretId
 * and second, an injected fault if one is queued ({@link #faults()}), the rate limit ({@code RequestLimitExceeded}),
 * the parameters, the topic ({@code ResourceNotFound.TopicNotExist}), then the limit of
 * {@value #MAX_QUERIES_PER_TOPIC} queries in flight per topic ({@code LimitExceeded.LogSearch}). Every error is HTTP
 * 200 with {@code Response.Error}, which is what the SDKs parse; the status the real service uses is unconfirmed.
 *
 * <p>{@code SearchLog} keeps logs with {@code From <= Time < To}: whether the real service includes either bound is
 * unconfirmed, so clients must keep to their half-open windows themselves. Results are sorted by time ({@code desc}
 * unless {@code Sort} is {@code asc}); logs that share a millisecond come back in a new order on every query (the real
 * order of ties is unconfirmed), which a query's {@code Context} pages then keep. Contexts reach at most 10,000 logs:
 * the page that reaches the 10,000th answers {@code ListOver: true} even when more logs match (the documented cap,
 * which the service is not documented to signal otherwise; a client must never need more than 10,000 from a query),
 * and a later page of that context is empty. A context expires an hour after it was issued, by the emulator's clock
 * ({@code FailedOperation.InvalidContext}); one continued with other parameters is {@code InvalidParameter}.
 * {@code Offset} paging (no cap) is served too, with the ties shuffled anew on every page.
 *
 * <p>A {@code SearchLog} statement followed by {@code |} runs the SQL subset of {@link SqlCount}
 * ({@code select count(*) as c where __TIMESTAMP__ >= N and __TIMESTAMP__ < M and "field" = 'value'}), counting the
 * stored logs exactly within {@code From <= Time < To}, answered with {@code Analysis: true} in both row shapes;
 * it is one query in flight on its topic, like any search. {@link ClsFaults#sqlCountOffBy} and
 * {@link ClsFaults#refuseSql} make it disagree or refuse.
 *
 * <p>{@code DescribeLogHistogram} counts the matching logs with {@code From <= Time < To} into buckets whose
 * {@code BTime} are multiples of {@code Interval}, from the bucket holding {@code From} up to the one holding
 * {@code To}; {@code (To - From) / Interval} may not exceed 200.
 *
 * <p>It also answers SCF's {@code GetFunction} (version {@code 2018-04-16}) for the functions declared with
 * {@link Builder#function}, with the topic each delivers its logs to ({@link FunctionDeliveries}), so a sandbox's CLS
 * source finds a function's topic without a second emulator: on loopback the host cannot name the service, so the
 * emulator stands for Tencent's API gateway as a whole, telling the actions apart by {@code X-TC-Action} and
 * {@code X-TC-Version}. Such requests take the same checks, rate limit and faults as CLS's own.
 *
 * <p>Answers are computed against the topic as it stands when the request arrives: logs added by
 * {@link ClsDataset.Builder#late} or {@link ClsFaults#addLogs} appear once {@link #servedCount()} has reached their
 * threshold. Both actions' successful answers count as served; {@link #throttledCount()} counts the refusals of the
 * rate limit and of the limit of queries in flight (both are a client going too fast), not injected ones.
 */
public final class ClsEmulator extends LoopbackEmulator<ClsEmulator> {

	public static final String SEARCH_LOG = "SearchLog";

	public static final String DESCRIBE_LOG_HISTOGRAM = "DescribeLogHistogram";

	public static final String VERSION = "2020-10-16";

	/** The documented limit of concurrent queries (searches and analyses together) per topic. */
	public static final int MAX_QUERIES_PER_TOPIC = 15;

	private static final System.Logger LOG = System.getLogger(ClsEmulator.class.getName());

	private static final List<String> REQUIRED_HEADERS = List.of("X-TC-Action", "X-TC-Version", "X-TC-Timestamp",
			"X-TC-Region", "Authorization");

	/** Spreads request numbers over the seed space so that neighbouring requests shuffle unrelatedly. */
	private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private final ClsDataset dataset;

	private final int rateLimitPerSecond;

	private final boolean unstableOrder;

	private final SignatureCheck signatureCheck;

	private final ClsFaults faults = new ClsFaults();

	private final SecondCounter perSecond = new SecondCounter();

	private final SearchContexts contexts = new SearchContexts();

	private final Map<String, StoredTopic> topics = new ConcurrentHashMap<>();

	private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

	private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> byAction = new ConcurrentHashMap<>();

	private final FunctionDeliveries deliveries;

	private final AtomicInteger sqlCounts = new AtomicInteger();

	private int additionsMade;

	private ClsEmulator(Builder builder) {
		super(builder, "cls-emulator");
		this.dataset = builder.dataset();
		this.rateLimitPerSecond = builder.rateLimit();
		this.unstableOrder = builder.unstableOrder;
		this.signatureCheck = new SignatureCheck(builder.credentials(), clock());
		this.deliveries = builder.deliveries.copy();
	}

	public static Builder builder() {
		return new Builder();
	}

	public ClsFaults faults() {
		return this.faults;
	}

	public ClsDataset dataset() {
		return this.dataset;
	}

	/**
	 * The logs the topic returns now, in time order: the dataset's, with late and added logs once visible.
	 * @throws IllegalArgumentException if the dataset has no such topic
	 */
	public List<ClsLog> logs(String topicId) {
		StoredTopic topic = topic(topicId);
		if (topic == null) {
			throw new IllegalArgumentException("no topic " + topicId + " in this emulator");
		}
		int served = servedCount();
		List<ClsLog> logs = new ArrayList<>(topic.size());
		for (int i = 0; i < topic.size(); i++) {
			if (topic.visible(i, served)) {
				logs.add(topic.log(i));
			}
		}
		return logs;
	}

	/** The most signature-valid requests this SecretId made within one calendar second of the clock. */
	public int maxRequestsInAnySecond(String secretId) {
		return this.perSecond.maxInAnySecond(secretId);
	}

	/** The most queries that were in flight on this topic at once. */
	public int maxInFlight(String topicId) {
		return this.maxInFlight.getOrDefault(topicId, 0);
	}

	/** Signature-valid requests of this action ({@link #SEARCH_LOG}, {@link #DESCRIBE_LOG_HISTOGRAM}). */
	public int requestCount(String action) {
		AtomicInteger count = this.byAction.get(action);
		return (count == null) ? 0 : count.get();
	}

	/** {@code SearchLog} requests with SQL that reached the topic: answered, refused or beyond the limit in flight. */
	public int sqlCountRequests() {
		return this.sqlCounts.get();
	}

	@Override
	protected void handle(HttpExchange exchange) {
		int requestNumber = countRequest();
		Reply reply = null;
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			reply = reply(exchange, body, requestNumber);
			deliver(exchange, reply);
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.DEBUG, "client went away", ex);
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "emulator failed on " + exchange.getRequestURI(), ex);
		}
		finally {
			exchange.close();
			if (reply instanceof Answer answer) {
				leaveOnce(answer);
			}
		}
	}

	private Reply reply(HttpExchange exchange, byte[] body, int requestNumber) {
		Headers headers = exchange.getRequestHeaders();
		try {
			if (!"/".equals(exchange.getRequestURI().getRawPath())) {
				throw new ApiError("InvalidRequest", "The path must be `/`.");
			}
			if (!"POST".equals(exchange.getRequestMethod())) {
				throw new ApiError("InvalidRequest", "The emulator serves POST requests with a JSON body.");
			}
			for (String name : REQUIRED_HEADERS) {
				String value = headers.getFirst(name);
				if (value == null || value.isBlank()) {
					throw ApiError.missingParameter(name);
				}
			}
			String action = headers.getFirst("X-TC-Action");
			boolean getFunction = FunctionDeliveries.ACTION.equals(action);
			if (!SEARCH_LOG.equals(action) && !DESCRIBE_LOG_HISTOGRAM.equals(action) && !getFunction) {
				throw new ApiError("InvalidAction", "The action `" + action + "` is not supported.");
			}
			String version = headers.getFirst("X-TC-Version");
			if (getFunction && !FunctionDeliveries.VERSION.equals(version)) {
				throw new ApiError("NoSuchVersion",
						"The requested version `" + version + "` of service `scf` does not exist.");
			}
			if (!getFunction && !VERSION.equals(version)) {
				throw new ApiError("NoSuchVersion",
						"The requested version `" + version + "` of service `cls` does not exist.");
			}
			String secretId = this.signatureCheck.verify("POST", exchange.getRequestURI().getRawQuery(), headers,
					body);
			this.byAction.computeIfAbsent(action, (name) -> new AtomicInteger()).incrementAndGet();
			int inSecond = this.perSecond.record(secretId, clock().instant().getEpochSecond());
			Fault fault = this.faults.take();
			if (fault != null) {
				return injected(fault, inSecond);
			}
			if (this.rateLimitPerSecond > 0 && inSecond > this.rateLimitPerSecond) {
				countThrottled();
				throw rateLimited(inSecond, this.rateLimitPerSecond);
			}
			if (getFunction) {
				return new FunctionAnswer(this.deliveries.answer(body, (namespace, function) -> false, requestId()));
			}
			return SEARCH_LOG.equals(action) ? search(SearchParameters.parse(body), requestNumber)
					: histogram(HistogramParameters.parse(body));
		}
		catch (ApiError error) {
			return new ErrorReply(error);
		}
	}

	private Reply injected(Fault fault, int inSecond) {
		return switch (fault.kind()) {
			case THROTTLE -> new ErrorReply(rateLimited(inSecond, Math.max(1, this.rateLimitPerSecond)));
			case INTERNAL_ERROR -> new ErrorReply(new ApiError("InternalError.SearchFailed",
					"An internal error occurred while searching. Please try again later."));
			case SEARCH_TIMEOUT -> new ErrorReply(new ApiError("FailedOperation.SearchTimeout",
					"The search timed out. Please narrow the time range or simplify the statement."));
			case HTTP_STATUS -> new StatusReply(fault.httpStatus());
			case DROP_CONNECTION -> new DropReply();
		};
	}

	private Reply search(SearchParameters search, int requestNumber) {
		StoredTopic current = requireTopic(search.topicId());
		if (search.sql() != null) {
			this.sqlCounts.incrementAndGet();
		}
		enter(current.id());
		try {
			if (search.sql() != null) {
				return sqlCount(current, search);
			}
			Instant now = clock().instant();
			StoredTopic topic = current;
			int[] rows;
			int position;
			if (search.context() != null) {
				Cursor cursor = this.contexts.find(search.context(), now, this.faults.contextGeneration());
				if (cursor == null) {
					throw new ApiError("FailedOperation.InvalidContext",
							"The context has expired or does not exist. Search again without it.");
				}
				if (!cursor.identity().equals(search.identity())) {
					throw new ApiError("InvalidParameter",
							"A context must be continued with the parameters of the search that issued it.");
				}
				topic = cursor.topic();
				rows = cursor.rows();
				position = cursor.position();
			}
			else {
				rows = ordered(topic, matching(topic, search.from(), search.to(), search.statement()),
						search.ascending(), requestNumber);
				if (search.offset() > 0) {
					return offsetPage(topic, search, rows);
				}
				rows = (rows.length > SearchContexts.CAP) ? Arrays.copyOf(rows, SearchContexts.CAP) : rows;
				position = 0;
			}
			int end = (int) Math.min(rows.length, (long) position + search.limit());
			List<ClsLog> page = logsOf(topic, rows, position, end);
			refuseTooLarge(page);
			String context = this.contexts.issue(
					new Cursor(search.identity(), topic, rows, end, now, this.faults.contextGeneration()), now);
			return new Answer(current.id(), ClsJson.page(context, end >= rows.length, page, requestId()), page.size());
		}
		catch (RuntimeException ex) {
			leave(current.id());
			throw ex;
		}
	}

	/**
	 * The logs the statement and the SQL's conditions both match, counted exactly from the storage the histogram
	 * counts, plus any difference {@link ClsFaults#sqlCountOffBy} asks for.
	 */
	private Reply sqlCount(StoredTopic topic, SearchParameters search) {
		if (this.faults.sqlRefused(topic.id())) {
			throw new ApiError("FailedOperation.QueryError", "The query failed: the index of topic `" + topic.id()
					+ "` has no statistics enabled, so it runs no SQL.");
		}
		long count = 0;
		for (int row : matching(topic, search.from(), search.to(), search.statement())) {
			if (search.sql().matches(topic.log(row))) {
				count++;
			}
		}
		count = Math.max(0, count + this.faults.sqlOffBy(topic.id()));
		return new Answer(topic.id(), ClsJson.sqlCount(search.sql().column(), count, requestId()), 0);
	}

	/** An {@code Offset} page: no context, no cap, ties in this request's order. */
	private Reply offsetPage(StoredTopic topic, SearchParameters search, int[] rows) {
		int from = (int) Math.min(rows.length, search.offset());
		int end = (int) Math.min(rows.length, (long) from + search.limit());
		List<ClsLog> page = logsOf(topic, rows, from, end);
		refuseTooLarge(page);
		return new Answer(topic.id(), ClsJson.page("", end >= rows.length, page, requestId()), page.size());
	}

	private void refuseTooLarge(List<ClsLog> page) {
		int above = this.faults.tooLargeAbove();
		if (above >= 0 && page.size() > above) {
			throw new ApiError("LimitExceeded.SearchResultTooLarge",
					"The search result is too large. Please narrow the time range or lower the limit.");
		}
	}

	private Reply histogram(HistogramParameters histogram) {
		StoredTopic topic = requireTopic(histogram.topicId());
		enter(topic.id());
		try {
			long interval = histogram.interval();
			long first = Math.floorDiv(histogram.from(), interval);
			long last = Math.floorDiv(histogram.to(), interval);
			long[] counts = new long[(int) (last - first + 1)];
			long total = 0;
			for (int row : matching(topic, histogram.from(), histogram.to(), histogram.statement())) {
				counts[(int) (Math.floorDiv(topic.log(row).time(), interval) - first)]++;
				total++;
			}
			List<ClsJson.Bucket> buckets = new ArrayList<>(counts.length);
			for (int i = 0; i < counts.length; i++) {
				buckets.add(new ClsJson.Bucket((first + i) * interval, counts[i]));
			}
			return new Answer(topic.id(), ClsJson.histogram(interval, total, buckets, requestId()), 0);
		}
		catch (RuntimeException ex) {
			leave(topic.id());
			throw ex;
		}
	}

	/** Indexes of the visible logs with {@code from <= Time < to} that match, in time order. */
	private int[] matching(StoredTopic topic, long from, long to, SearchStatement statement) {
		int served = servedCount();
		int first = topic.firstAtOrAfter(from);
		int end = topic.firstAtOrAfter(to);
		int[] rows = new int[Math.max(0, end - first)];
		int count = 0;
		for (int i = first; i < end; i++) {
			if (topic.visible(i, served) && statement.matches(topic.log(i))) {
				rows[count++] = i;
			}
		}
		return (count == rows.length) ? rows : Arrays.copyOf(rows, count);
	}

	/** The rows in the requested direction, each run of logs sharing a millisecond shuffled for this request. */
	private int[] ordered(StoredTopic topic, int[] rows, boolean ascending, int requestNumber) {
		if (!ascending) {
			for (int i = 0, j = rows.length - 1; i < j; i++, j--) {
				int row = rows[i];
				rows[i] = rows[j];
				rows[j] = row;
			}
		}
		if (!this.unstableOrder) {
			return rows;
		}
		int start = 0;
		while (start < rows.length) {
			long time = topic.log(rows[start]).time();
			int end = start + 1;
			while (end < rows.length && topic.log(rows[end]).time() == time) {
				end++;
			}
			SplittableRandom random = new SplittableRandom(ClsDataset.Builder.mix(requestNumber * GOLDEN_GAMMA + time));
			for (int i = end - 1; i > start; i--) {
				int swap = start + random.nextInt(i - start + 1);
				int row = rows[i];
				rows[i] = rows[swap];
				rows[swap] = row;
			}
			start = end;
		}
		return rows;
	}

	private static List<ClsLog> logsOf(StoredTopic topic, int[] rows, int from, int to) {
		List<ClsLog> logs = new ArrayList<>(Math.max(0, to - from));
		for (int i = from; i < to; i++) {
			logs.add(topic.log(rows[i]));
		}
		return logs;
	}

	private StoredTopic requireTopic(String topicId) {
		StoredTopic topic = topic(topicId);
		if (topic == null) {
			throw new ApiError("ResourceNotFound.TopicNotExist", "The topic `" + topicId + "` does not exist.");
		}
		return topic;
	}

	/** The topic as it stands now, with the additions {@link ClsFaults#addLogs} asked for merged in. */
	private synchronized StoredTopic topic(String topicId) {
		for (Addition addition : this.faults.takeAdditions()) {
			StoredTopic before = this.topics.computeIfAbsent(addition.topicId(), this.dataset::topic);
			if (before == null) {
				throw new IllegalArgumentException("no topic " + addition.topicId() + " to add logs to");
			}
			List<ClsLog> added = this.dataset.added(addition.topicId(), addition.from(), addition.to(),
					addition.count(), ++this.additionsMade);
			this.topics.put(addition.topicId(), before.with(added, addition.afterServed()));
		}
		StoredTopic stored = this.topics.get(topicId);
		return (stored != null) ? stored : this.dataset.topic(topicId);
	}

	/** Takes one of the topic's places for a query in flight, or refuses with {@code LimitExceeded.LogSearch}. */
	private void enter(String topicId) {
		synchronized (this.inFlight) {
			int running = this.inFlight.getOrDefault(topicId, 0);
			if (running >= MAX_QUERIES_PER_TOPIC) {
				countThrottled();
				throw new ApiError("LimitExceeded.LogSearch", "The number of concurrent queries on topic `" + topicId
						+ "` exceeds the limit of " + MAX_QUERIES_PER_TOPIC + ".");
			}
			this.inFlight.put(topicId, running + 1);
			this.maxInFlight.merge(topicId, running + 1, Math::max);
		}
	}

	private void leaveOnce(Answer answer) {
		if (answer.inFlight().compareAndSet(true, false)) {
			leave(answer.topicId());
		}
	}

	private void leave(String topicId) {
		synchronized (this.inFlight) {
			this.inFlight.merge(topicId, -1, Integer::sum);
		}
	}

	private void deliver(HttpExchange exchange, Reply reply) throws IOException {
		if (reply instanceof DropReply) {
			// closing before sendResponseHeaders closes the socket with no byte written
			exchange.close();
			return;
		}
		if (reply instanceof StatusReply status) {
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			byte[] html = gatewayPage(status.status());
			exchange.sendResponseHeaders(status.status(), html.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(html);
			}
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (reply instanceof FunctionAnswer function) {
			byte[] body = function.body();
			exchange.sendResponseHeaders(200, body.length);
			int served;
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body, 0, body.length - 1);
				out.flush();
				served = countServed(0);
				out.write(body, body.length - 1, 1);
			}
			exchange.close();
			announceServed(served);
			return;
		}
		if (reply instanceof ErrorReply error) {
			byte[] body = ClsJson.error(error.error(), requestId());
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
			return;
		}
		Answer answer = (Answer) reply;
		this.faults.awaitRelease();
		byte[] body = answer.body();
		exchange.sendResponseHeaders(200, body.length);
		int served = 0;
		try (OutputStream out = exchange.getResponseBody()) {
			// counted just before the last byte leaves: a client holding the whole answer always finds it counted,
			// and one that hangs up before the end is uncounted again below
			out.write(body, 0, body.length - 1);
			out.flush();
			served = countServed(answer.records());
			// the query is done once its answer is: a client that holds the whole answer finds its place free
			leaveOnce(answer);
			out.write(body, body.length - 1, 1);
		}
		catch (IOException | RuntimeException ex) {
			if (served > 0) {
				uncountServed(answer.records());
			}
			throw ex;
		}
		exchange.close();
		announceServed(served);
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
			default -> "Error";
		};
		return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
				+ "</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String requestId() {
		return UUID.randomUUID().toString();
	}

	/** What a request gets; computed first, then delivered. */
	private sealed interface Reply permits ErrorReply, Answer, StatusReply, DropReply, FunctionAnswer {
	}

	/** An SCF {@code GetFunction} answer: no topic's place is held. */
	private record FunctionAnswer(byte[] body) implements Reply {
	}

	private record ErrorReply(ApiError error) implements Reply {
	}

	/**
	 * A successful answer, holding one of its topic's places for queries in flight until the last byte of it is sent
	 * (or the client went away).
	 * @param records the logs it carries (0 for a histogram)
	 * @param inFlight whether it still holds its place
	 */
	private record Answer(String topicId, byte[] body, int records, AtomicBoolean inFlight) implements Reply {

		Answer(String topicId, byte[] body, int records) {
			this(topicId, body, records, new AtomicBoolean(true));
		}

	}

	private record StatusReply(int status) implements Reply {
	}

	private record DropReply() implements Reply {
	}

	/**
	 * From now on, SCF {@code GetFunction} answers that the function delivers its logs to {@code topicId}: a function
	 * whose log delivery was moved while a client was reading it.
	 */
	public void redeliver(String namespace, String function, String topicId) {
		this.deliveries.declare(namespace, function, topicId);
	}

	/** Configures a {@link ClsEmulator}; {@link #dataset} and at least one {@link #credential} are required. */
	public static final class Builder
			extends LoopbackEmulator.Builder<Builder, ClsEmulator, ClsDataset, Api3Credential> {

		private boolean unstableOrder = true;

		private final FunctionDeliveries deliveries = new FunctionDeliveries();

		private Builder() {
			// the documented 10,000 requests per second is no limit for a loopback test: off unless asked for
			super(0);
		}

		/** Signature-valid requests allowed per SecretId per calendar second; 0 (the default) turns the limit off. */
		public Builder rateLimitPerSecond(int limit) {
			return rateLimit(limit);
		}

		/**
		 * Whether logs sharing a millisecond come in a new order on every query. Default {@code true}; {@code false}
		 * keeps the dataset's order ({@code desc} as its exact reverse).
		 */
		public Builder unstableOrder(boolean unstable) {
			this.unstableOrder = unstable;
			return this;
		}

		/**
		 * Answers SCF {@code GetFunction} for this function: it delivers its logs to {@code topicId}, or, for an empty
		 * id, to no topic. A function not declared does not exist.
		 */
		public Builder function(String namespace, String function, String topicId) {
			this.deliveries.declare(namespace, function, topicId);
			return this;
		}

		@Override
		protected ClsEmulator create() {
			return new ClsEmulator(this);
		}

		/** A temporary key pair must come with {@code X-TC-Token: token}. */
		@Override
		protected Api3Credential credentialOf(String secretId, String secretKey, String token) {
			return new Api3Credential(secretId, secretKey, token);
		}

	}

}
