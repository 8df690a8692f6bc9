package dev.logtally.sandbox.rds;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Faults the RDS emulator injects on demand; all methods are thread-safe and return {@code this} for chaining.
 *
 * <p>Two queues, each in call order. API faults ({@link #throttle}, {@link #serverError}, {@link #dropConnections},
 * {@link #truncateJson}) are taken by the next signature-valid API requests, one per request: {@code throttle(2)
 * .serverError(1)} throttles the next two and fails the third. Requests that fail authentication take none; a fault
 * replaces the normal answer (and the rate limit) and never counts as served. Download faults
 * ({@link #expireNextLinks}, {@link #truncateDownloads}, {@link #shortDownloads}) are taken by the next downloads
 * through a known link.
 *
 * <p>Not queued: {@link #slowResponses} and {@link #slowDownloads} delay every API answer or download until
 * {@link #reset()}.
 */
public final class RdsFaults {

	/** One kind of queued API failure. */
	enum ApiFault {

		/** 429 {@code APIGW.0308}, whatever the rate. */
		THROTTLE,

		/** 500 {@code DBS.108000}. */
		SERVER_ERROR,

		/** The connection is closed before any byte of a response. */
		DROP_CONNECTION,

		/** HTTP 200 with a correct {@code Content-Length} for only the first half of the real body. */
		TRUNCATE_JSON

	}

	/** One kind of queued download failure. */
	enum DownloadFault {

		/** 403 {@code AccessDenied} "Request has expired", however young the link. */
		EXPIRE_LINK,

		/** The full {@code Content-Length}, then the connection closes after about half the bytes. */
		TRUNCATE,

		/**
		 * A complete, well-formed exchange whose {@code Content-Length} and body are both short of the file: a proxy or
		 * store fault that only the listed size can reveal.
		 */
		SHORT_BODY

	}

	private static final class Pending<K> {

		private final K kind;

		private int remaining;

		private Pending(K kind, int remaining) {
			this.kind = kind;
			this.remaining = remaining;
		}

	}

	private final Deque<Pending<ApiFault>> api = new ArrayDeque<>();

	private final Deque<Pending<DownloadFault>> downloads = new ArrayDeque<>();

	private Duration responseDelay = Duration.ZERO;

	private Duration downloadDelay = Duration.ZERO;

	RdsFaults() {
	}

	/** The next {@code times} API requests get 429 {@code APIGW.0308}; they do not count as rate-limited. */
	public RdsFaults throttle(int times) {
		return enqueue(this.api, ApiFault.THROTTLE, times);
	}

	/** The next {@code times} API requests get 500 {@code DBS.108000}. */
	public RdsFaults serverError(int times) {
		return enqueue(this.api, ApiFault.SERVER_ERROR, times);
	}

	/**
	 * The next {@code times} API requests have their connection closed without a response. Clients retry on their
	 * own: the JDK {@code HttpClient} resends a GET once (so a dropped GET fails only after two of these) but not a
	 * POST; OkHttp, under the Huawei SDK, resends any request once, POST included.
	 */
	public RdsFaults dropConnections(int times) {
		return enqueue(this.api, ApiFault.DROP_CONNECTION, times);
	}

	/** The next {@code times} API requests get HTTP 200 with the first half of the answer they would have got. */
	public RdsFaults truncateJson(int times) {
		return enqueue(this.api, ApiFault.TRUNCATE_JSON, times);
	}

	/** The next {@code times} downloads find their link expired: 403 {@code AccessDenied} "Request has expired". */
	public RdsFaults expireNextLinks(int times) {
		return enqueue(this.downloads, DownloadFault.EXPIRE_LINK, times);
	}

	/**
	 * The next {@code times} downloads announce the file's full {@code Content-Length}, send about half of it and
	 * close the connection.
	 */
	public RdsFaults truncateDownloads(int times) {
		return enqueue(this.downloads, DownloadFault.TRUNCATE, times);
	}

	/**
	 * The next {@code times} downloads deliver half the file (at least 2 KB less) with a {@code Content-Length} that
	 * says so, and end normally.
	 */
	public RdsFaults shortDownloads(int times) {
		return enqueue(this.downloads, DownloadFault.SHORT_BODY, times);
	}

	/** Every API answer waits {@code delay} before its first byte, until {@link #reset()}. */
	public synchronized RdsFaults slowResponses(Duration delay) {
		this.responseDelay = requireDelay(delay);
		return this;
	}

	/** Every download waits {@code delay} between its response headers and its first body byte, until {@link #reset()}. */
	public synchronized RdsFaults slowDownloads(Duration delay) {
		this.downloadDelay = requireDelay(delay);
		return this;
	}

	/** Clears both queues and both delays. */
	public synchronized RdsFaults reset() {
		this.api.clear();
		this.downloads.clear();
		this.responseDelay = Duration.ZERO;
		this.downloadDelay = Duration.ZERO;
		return this;
	}

	/** How many queued faults, API and download, have not hit a request yet. */
	public synchronized int pending() {
		return this.api.stream().mapToInt((pending) -> pending.remaining).sum()
				+ this.downloads.stream().mapToInt((pending) -> pending.remaining).sum();
	}

	/** Takes the fault for the next signature-valid API request, or {@code null} for a normal answer. */
	synchronized ApiFault takeApi() {
		return take(this.api);
	}

	/** Takes the fault for the next download through a known link, or {@code null} for a normal download. */
	synchronized DownloadFault takeDownload() {
		return take(this.downloads);
	}

	synchronized Duration responseDelay() {
		return this.responseDelay;
	}

	synchronized Duration downloadDelay() {
		return this.downloadDelay;
	}

	private static <K> K take(Deque<Pending<K>> queue) {
		Pending<K> head = queue.peekFirst();
		if (head == null) {
			return null;
		}
		if (--head.remaining == 0) {
			queue.removeFirst();
		}
		return head.kind;
	}

	private synchronized <K> RdsFaults enqueue(Deque<Pending<K>> queue, K kind, int times) {
		if (times < 0) {
			throw new IllegalArgumentException("times must not be negative");
		}
		if (times > 0) {
			queue.addLast(new Pending<>(kind, times));
		}
		return this;
	}

	private static Duration requireDelay(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		return delay;
	}

}
