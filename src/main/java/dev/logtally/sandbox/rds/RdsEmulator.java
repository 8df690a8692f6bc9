package dev.logtally.sandbox.rds;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.rds.RdsFaults.ApiFault;
import dev.logtally.sandbox.rds.RdsFaults.DownloadFault;

/**
 * A loopback emulator of Huawei Cloud RDS audit logs: {@code ListAuditlogs}
 * ({@code GET /v3/{project_id}/instances/{instance_id}/auditlog}), {@code ShowAuditlogDownloadLink}
 * ({@code POST /v3/{project_id}/instances/{instance_id}/auditlog-links}) and the OBS downloads behind the links it
 * hands out ({@code GET /obs/<token>}), serving an {@link RdsDataset}. It listens on {@code 127.0.0.1} only.
 *
 * <p>API requests are handled in this order: the route (404 {@code APIGW.0101}), the {@code SDK-HMAC-SHA256} signature
 * ({@link RdsSignatureCheck}, 401 {@code APIGW.0301}), counting towards the AK's calendar minute, an injected fault if
 * one is queued ({@link #faults()}), the per-minute limit (429 {@code APIGW.0308}), {@code X-Project-Id} against the
 * path's project (403 {@code APIGW.0302}), the instance (404 {@code DBS.200045}) and the parameters (400
 * {@code DBS.200001}). Only signature-valid requests count towards the limit and take faults. All time comes from the
 * injected {@link Clock}. Every API answer carries {@code X-Request-Id}; gateway errors repeat it as
 * {@code request_id} in the body.
 *
 * <p>{@code ListAuditlogs} lists the files whose closed interval {@code [begin_time, end_time]} overlaps
 * {@code [start_time, end_time]}, so a file across a window border is listed by both windows; sorted by begin time,
 * then id; {@code total_record} counts the files that match, not the page.
 *
 * <p>Downloads are OBS, not the RDS API: unsigned, not rate limited, 200 with the file's exact {@code Content-Length}
 * and its bytes generated as they are sent (a 200 MB file passes through a 64 KiB buffer). A {@code Range} header is
 * ignored. A link expires {@link Builder#linkLifetime} after it was issued, by the clock: from that instant on it
 * answers 403 {@code AccessDenied} "Request has expired" in an OBS XML body; a token never issued is 404
 * {@code NoSuchKey}.
 *
 * <p>Unless the JVM runs with {@code -Dsun.net.httpserver.nodelay=true}, every answer closes its connection (see the
 * SLS emulator for why).
 */
public final class RdsEmulator extends LoopbackEmulator<RdsEmulator> {

	private static final System.Logger LOG = System.getLogger(RdsEmulator.class.getName());

	private static final Pattern API_PATH = Pattern.compile("/v3/([^/]+)/instances/([^/]+)/(auditlog|auditlog-links)");

	private static final String OBS_PREFIX = "/obs/";

	/** AK/SK-signed requests may carry at most 12 MB; beyond that the gateway answers 413. */
	private static final int MAX_BODY_BYTES = 12 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final boolean NO_DELAY = Boolean.getBoolean("sun.net.httpserver.nodelay");

	private final RdsDataset dataset;

	private final int rateLimitPerMinute;

	private final Duration linkLifetime;

	private final RdsSignatureCheck signatureCheck;

	private final RdsFaults faults = new RdsFaults();

	private final MinuteCounter perMinute = new MinuteCounter();

	private final DownloadLinks links = new DownloadLinks();

	private final AtomicInteger downloads = new AtomicInteger();

	private final AtomicLong downloadedBytes = new AtomicLong();

	private volatile Consumer<String> onDownload = (fileId) -> {
	};

	private RdsEmulator(Builder builder) {
		super(builder, "rds-emulator");
		this.dataset = builder.dataset();
		this.rateLimitPerMinute = builder.rateLimit();
		this.linkLifetime = builder.linkLifetime;
		this.signatureCheck = new RdsSignatureCheck(builder.credentials(), clock());
	}

	public static Builder builder() {
		return new Builder();
	}

	public RdsFaults faults() {
		return this.faults;
	}

	public RdsDataset dataset() {
		return this.dataset;
	}

	/** Complete file downloads, counted as {@link #servedCount()} is: just before the last byte. */
	public int downloadCount() {
		return this.downloads.get();
	}

	/** File bytes written to clients, truncated and interrupted downloads included. */
	public long downloadedBytes() {
		return this.downloadedBytes.get();
	}

	/** The most signature-valid API requests this AK made within one calendar minute of the clock. */
	public int maxRequestsInAnyMinute(String accessKey) {
		return this.perMinute.busiest(accessKey);
	}

	/**
	 * Called on the serving thread as a download through a valid link starts, before its response headers, with the
	 * file id. Process-level tests use it to kill a client in the middle of a large download.
	 */
	public RdsEmulator onDownload(Consumer<String> hook) {
		this.onDownload = Objects.requireNonNull(hook, "hook");
		return this;
	}

	@Override
	protected void handle(HttpExchange exchange) {
		countRequest();
		try {
			String path = Objects.requireNonNullElse(exchange.getRequestURI().getPath(), "");
			if (path.startsWith(OBS_PREFIX)) {
				download(exchange, path.substring(OBS_PREFIX.length()));
			}
			else {
				byte[] body = readBody(exchange.getRequestBody());
				deliver(exchange, reply(exchange, path, body));
			}
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.DEBUG, "client went away", ex);
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "emulator failed on " + exchange.getRequestURI(), ex);
		}
		finally {
			exchange.close();
		}
	}

	private Reply reply(HttpExchange exchange, String path, byte[] body) {
		try {
			Matcher route = API_PATH.matcher(path);
			boolean linkBatch = route.matches() && "auditlog-links".equals(route.group(3));
			if (!route.matches() || !exchange.getRequestMethod().equals(linkBatch ? "POST" : "GET")) {
				throw RdsError.gateway(404, "APIGW.0101",
						"The API does not exist or has not been published in the environment");
			}
			if (body.length > MAX_BODY_BYTES) {
				throw RdsError.gateway(413, "APIGW.0201", "Request entity too large");
			}
			Headers headers = exchange.getRequestHeaders();
			String rawQuery = exchange.getRequestURI().getRawQuery();
			String accessKey = this.signatureCheck.verify(exchange.getRequestMethod(), path, rawQuery, headers, body);
			int inMinute = this.perMinute.record(accessKey, clock().instant().getEpochSecond());
			ApiFault fault = this.faults.takeApi();
			if (fault != null) {
				return injected(fault, route, linkBatch, headers, rawQuery, body);
			}
			if (this.rateLimitPerMinute > 0 && inMinute > this.rateLimitPerMinute) {
				countThrottled();
				throw RdsError.throttled(this.rateLimitPerMinute);
			}
			return answer(route, linkBatch, headers, rawQuery, body);
		}
		catch (RdsError error) {
			return new ErrorReply(error);
		}
	}

	private Reply injected(ApiFault fault, Matcher route, boolean linkBatch, Headers headers, String rawQuery,
			byte[] body) {
		return switch (fault) {
			// with the limit off, the gateway's wording still names the documented default
			case THROTTLE -> new ErrorReply(RdsError.throttled((this.rateLimitPerMinute > 0) ? this.rateLimitPerMinute : 60));
			case SERVER_ERROR ->
				new ErrorReply(RdsError.service(500, "DBS.108000", "Internal server error. Please try again later."));
			case DROP_CONNECTION -> new DropReply();
			case TRUNCATE_JSON -> {
				Reply whole;
				try {
					// issues real links: they just never reach the client whole
					whole = answer(route, linkBatch, headers, rawQuery, body);
				}
				catch (RdsError error) {
					whole = new ErrorReply(error);
				}
				yield new TruncatedReply(whole);
			}
		};
	}

	private Reply answer(Matcher route, boolean linkBatch, Headers headers, String rawQuery, byte[] body) {
		String projectId = route.group(1);
		String instanceId = route.group(2);
		String projectHeader = headers.getFirst("X-Project-Id");
		if (projectHeader != null && !projectHeader.equals(projectId)) {
			throw RdsError.gateway(403, "APIGW.0302", "The IAM user is not authorized to access the API: project "
					+ projectId + " in the path, " + projectHeader + " in X-Project-Id");
		}
		if (!this.dataset.hasInstance(projectId, instanceId)) {
			throw RdsError.service(404, "DBS.200045", "The DB instance does not exist: " + instanceId);
		}
		return linkBatch ? linkBatch(projectId, instanceId, body) : listing(projectId, instanceId, rawQuery);
	}

	private Reply listing(String projectId, String instanceId, String rawQuery) {
		AuditlogQuery query = AuditlogQuery.parse(RdsSignatureCheck.query(rawQuery));
		int served = servedCount();
		List<AuditFile> matching = this.dataset.files(projectId, instanceId)
			.stream()
			.filter((file) -> file.overlaps(query.start(), query.end()) && this.dataset.listedAfter(file, served))
			.toList();
		int from = (int) Math.min(matching.size(), (long) query.offset());
		int to = (int) Math.min(matching.size(), (long) from + query.limit());
		return new JsonReply(RdsJson.auditlogs(matching.subList(from, to), matching.size(), this.dataset.timeZone()),
				to - from);
	}

	private Reply linkBatch(String projectId, String instanceId, byte[] body) {
		List<String> ids = ids(body);
		List<AuditFile> files = new ArrayList<>(ids.size());
		for (String id : ids) {
			AuditFile file = this.dataset.file(projectId, instanceId, id);
			if (file == null || !this.dataset.listedAfter(file, servedCount())) {
				throw RdsError.parameter("The audit log " + id + " does not exist in instance " + instanceId + ".");
			}
			files.add(file);
		}
		Instant expires = clock().instant().plus(this.linkLifetime);
		List<String> issued = new ArrayList<>(files.size());
		for (AuditFile file : files) {
			issued.add(endpoint() + OBS_PREFIX + this.links.issue(file, expires));
		}
		return new JsonReply(RdsJson.links(issued), 0);
	}

	/** {@code {"ids":[..]}}: 1 to 50 strings. */
	private static List<String> ids(byte[] body) {
		JsonNode root;
		try {
			root = (body.length == 0) ? null : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw RdsError.parameter("The request body is not valid JSON.");
		}
		JsonNode ids = (root == null) ? null : root.get("ids");
		if (ids == null || !ids.isArray()) {
			throw RdsError.parameter("The parameter ids is required and must be an array of audit log ids.");
		}
		if (ids.isEmpty() || ids.size() > AuditlogQuery.MAX_LIMIT) {
			throw RdsError.parameter("ids must hold 1 to " + AuditlogQuery.MAX_LIMIT + " audit log ids: " + ids.size());
		}
		List<String> values = new ArrayList<>(ids.size());
		for (JsonNode id : ids) {
			if (!id.isString() || id.stringValue().isEmpty()) {
				throw RdsError.parameter("Every entry of ids must be a non-empty string: " + id);
			}
			values.add(id.stringValue());
		}
		return values;
	}

	private void deliver(HttpExchange exchange, Reply reply) throws IOException {
		if (reply instanceof DropReply) {
			// closing before sendResponseHeaders closes the socket with no byte written
			exchange.close();
			return;
		}
		pause(this.faults.responseDelay());
		String requestId = requestId();
		boolean truncated = reply instanceof TruncatedReply;
		Reply whole = truncated ? ((TruncatedReply) reply).whole() : reply;
		int status = 200;
		byte[] body;
		if (whole instanceof ErrorReply error) {
			status = error.error().status();
			body = RdsJson.error(error.error(), requestId);
		}
		else {
			body = ((JsonReply) whole).body();
		}
		if (truncated) {
			body = Arrays.copyOf(body, body.length / 2);
		}
		Headers headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "application/json;charset=UTF-8");
		headers.set("X-Request-Id", requestId);
		if (!NO_DELAY) {
			headers.set("Connection", "close");
		}
		boolean counts = !truncated && whole instanceof JsonReply;
		int records = counts ? ((JsonReply) whole).records() : 0;
		exchange.sendResponseHeaders(status, body.length);
		int servedNow = 0;
		try (OutputStream out = exchange.getResponseBody()) {
			// counted just before the last byte leaves: a client holding the whole answer always finds it counted,
			// and one that hangs up before the end is uncounted again below
			out.write(body, 0, body.length - (counts ? 1 : 0));
			if (counts) {
				out.flush();
				servedNow = countServed(records);
				out.write(body, body.length - 1, 1);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (servedNow > 0) {
				uncountServed(records);
			}
			throw ex;
		}
		exchange.close();
		if (counts) {
			announceServed(servedNow);
		}
	}

	private void download(HttpExchange exchange, String token) throws IOException {
		String requestId = requestId();
		Headers headers = exchange.getResponseHeaders();
		headers.set("x-obs-request-id", requestId);
		if (!NO_DELAY) {
			headers.set("Connection", "close");
		}
		String resource = OBS_PREFIX + token;
		if (!"GET".equals(exchange.getRequestMethod())) {
			sendObsError(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
					requestId, resource);
			return;
		}
		DownloadLinks.Link link = this.links.find(token);
		if (link == null) {
			sendObsError(exchange, 404, "NoSuchKey", "The specified key does not exist.", requestId, resource);
			return;
		}
		DownloadFault fault = this.faults.takeDownload();
		if (fault == DownloadFault.EXPIRE_LINK || link.expiredAt(clock().instant())) {
			sendObsError(exchange, 403, "AccessDenied", "Request has expired", requestId, resource);
			return;
		}
		AuditFile file = link.file();
		this.onDownload.accept(file.id());
		pause(this.faults.downloadDelay());
		headers.set("Content-Type", "application/octet-stream");
		// A short body announces its own length: the exchange completes normally, only the bytes are too few.
		long length = (fault == DownloadFault.SHORT_BODY) ? shortened(file.bytes()) : file.bytes();
		exchange.sendResponseHeaders(200, length);
		long limit = (fault == DownloadFault.TRUNCATE) ? file.bytes() / 2 : length;
		CountingStream out = new CountingStream(exchange.getResponseBody(), length);
		try {
			this.dataset.write(file, out, limit);
			out.flush();
		}
		catch (IOException | RuntimeException ex) {
			out.uncount();
			throw ex;
		}
		// a truncated download ends here: closing short of Content-Length makes the server drop the connection
		exchange.close();
	}

	/** Short of the file by more than the listing's 1 KB of rounding: half of it, and at least 2 KB less. */
	private static long shortened(long bytes) {
		return Math.max(0, Math.min(bytes / 2, bytes - 2048));
	}

	private static void sendObsError(HttpExchange exchange, int status, String code, String message, String requestId,
			String resource) throws IOException {
		byte[] body = RdsJson.obsError(code, message, requestId, resource);
		exchange.getResponseHeaders().set("Content-Type", "application/xml");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static byte[] readBody(InputStream in) throws IOException {
		// one byte over the limit is enough to refuse the request
		return in.readNBytes(MAX_BODY_BYTES + 1);
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

	/** 32 lower-case hex digits, the shape of the API gateway's request ids. */
	private static String requestId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Counts the file bytes that go out and counts the download (and its last byte) as complete just before its last
	 * byte goes out, as API answers are counted, so a client that has every byte never sees a count short of them.
	 */
	private final class CountingStream extends FilterOutputStream {

		private final long length;

		private long written;

		private boolean counted;

		CountingStream(OutputStream out, long length) {
			super(out);
			this.length = length;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) throws IOException {
			if (count == 0) {
				return;
			}
			boolean last = this.written + count == this.length;
			int first = last ? count - 1 : count;
			this.out.write(bytes, offset, first);
			this.written += first;
			RdsEmulator.this.downloadedBytes.addAndGet(first);
			if (last) {
				this.out.flush();
				RdsEmulator.this.downloads.incrementAndGet();
				this.counted = true;
				// counted before it is written: the client may read it and ask for the count at once
				RdsEmulator.this.downloadedBytes.incrementAndGet();
				try {
					this.out.write(bytes, offset + first, 1);
				}
				catch (IOException ex) {
					RdsEmulator.this.downloadedBytes.decrementAndGet();
					throw ex;
				}
				this.written++;
			}
		}

		void uncount() {
			if (this.counted) {
				RdsEmulator.this.downloads.decrementAndGet();
				this.counted = false;
			}
		}

	}

	/** What an API request gets; computed first, then delivered, so faults can wrap a normal answer. */
	private sealed interface Reply permits ErrorReply, JsonReply, DropReply, TruncatedReply {
	}

	private record ErrorReply(RdsError error) implements Reply {
	}

	/** A successful answer's body. */
	/** @param records the listing rows the answer carries (0 for a batch of links) */
	private record JsonReply(byte[] body, int records) implements Reply {
	}

	private record DropReply() implements Reply {
	}

	private record TruncatedReply(Reply whole) implements Reply {
	}

	/** Configures an {@link RdsEmulator}; {@link #dataset} and at least one {@link #credential} are required. */
	public static final class Builder
			extends LoopbackEmulator.Builder<Builder, RdsEmulator, RdsDataset, RdsCredential> {

		private Duration linkLifetime = Duration.ofMinutes(5);

		private Builder() {
			super(60);
		}

		/**
		 * Signature-valid API requests allowed per AK per calendar minute; more are 429 {@code APIGW.0308}. 60 by
		 * default (RDS's documented per-user limit); 0 turns the limit off.
		 */
		public Builder rateLimitPerMinute(int limit) {
			return rateLimit(limit);
		}

		/** How long a download link works after it was issued, by the clock; 5 minutes by default, as documented. */
		public Builder linkLifetime(Duration lifetime) {
			Objects.requireNonNull(lifetime, "lifetime");
			if (lifetime.isNegative() || lifetime.isZero()) {
				throw new IllegalArgumentException("lifetime must be positive");
			}
			this.linkLifetime = lifetime;
			return this;
		}

		@Override
		protected RdsEmulator create() {
			return new RdsEmulator(this);
		}

		/** A temporary AK/SK must come with a signed {@code X-Security-Token: securityToken}. */
		@Override
		protected RdsCredential credentialOf(String accessKey, String secretKey, String securityToken) {
			return new RdsCredential(accessKey, secretKey, securityToken);
		}

	}

}
