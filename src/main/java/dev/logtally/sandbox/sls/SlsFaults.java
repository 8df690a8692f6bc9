package dev.logtally.sandbox.sls;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Faults the SLS emulator injects on demand; all methods are thread-safe and return {@code this} for chaining.
 *
 * <p>The counted faults form one queue in call order: {@code serverBusy(2).internalError(1)} answers the next two
 * signature-valid requests with {@code ServerBusy} and the third with {@code InternalServerError}. Each request takes
 * at most one fault; requests that fail authentication take none. A fault replaces the normal answer (and the read
 * QPS limit) for the request it hits and never counts as served.
 *
 * <p>Not queued: {@link #slowResponses} delays every response; the Incomplete knobs ({@link #incompleteRepeats},
 * {@link #incompleteForever}, {@link #histogramIncompleteRepeats}) make the query engine answer {@code Incomplete}
 * with <em>wrong</em> results, as a real SLS may when a query is too heavy, until the client repeats the identical
 * request enough times. {@link #reset()} clears all of it.
 */
public final class SlsFaults {

	/** One kind of queued failure. */
	enum Kind {

		/** 403 {@code ReadQuotaExceed}, "Read quota is exceeded.". */
		QUOTA_EXCEEDED,

		/** 503 {@code ServerBusy}. */
		SERVER_BUSY,

		/** 500 {@code InternalServerError}. */
		INTERNAL_ERROR,

		/** 500 {@code RequestTimeout}. */
		REQUEST_TIMEOUT,

		/** The connection is closed before any byte of a response. */
		DROP_CONNECTION,

		/** HTTP 200 with a correct {@code Content-Length} for only the first half of the real body. */
		TRUNCATE_JSON

	}

	/** Which query API an Incomplete decision is for; each has its own knob and its own repeat counts. */
	enum Api {

		GET_LOGS, GET_HISTOGRAMS

	}

	private static final class Pending {

		private final Kind kind;

		private int remaining;

		private Pending(Kind kind, int remaining) {
			this.kind = kind;
			this.remaining = remaining;
		}

	}

	/** Inclusive bounds on how many times an identical request answers Incomplete; {@code 0, 0} is off. */
	private record Repeats(int min, int max) {

		static final Repeats OFF = new Repeats(0, 0);

		Repeats {
			if (min < 0 || max < min) {
				throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
			}
		}

		/** The number of Incomplete answers for this request identity: fixed per identity, spread over the range. */
		int forIdentity(String identity) {
			return this.min + (int) Math.floorMod(StoredLogstore.mix(identity.hashCode()), (long) (this.max - this.min + 1));
		}

	}

	private final Deque<Pending> queue = new ArrayDeque<>();

	private final Map<String, Integer> attempts = new HashMap<>();

	private final Set<String> neverComplete = new HashSet<>();

	private Duration delay = Duration.ZERO;

	private Repeats logsIncomplete = Repeats.OFF;

	private Repeats histogramsIncomplete = Repeats.OFF;

	SlsFaults() {
	}

	/** The next {@code times} requests get 403 {@code ReadQuotaExceed} "Read quota is exceeded.". */
	public SlsFaults quotaExceeded(int times) {
		return enqueue(Kind.QUOTA_EXCEEDED, times);
	}

	/** The next {@code times} requests get 503 {@code ServerBusy}. */
	public SlsFaults serverBusy(int times) {
		return enqueue(Kind.SERVER_BUSY, times);
	}

	/** The next {@code times} requests get 500 {@code InternalServerError}. */
	public SlsFaults internalError(int times) {
		return enqueue(Kind.INTERNAL_ERROR, times);
	}

	/** The next {@code times} requests get 500 {@code RequestTimeout}. */
	public SlsFaults requestTimeout(int times) {
		return enqueue(Kind.REQUEST_TIMEOUT, times);
	}

	/**
	 * The next {@code times} requests have their connection closed without a response. Clients retry on their own:
	 * the JDK {@code HttpClient} resends a GET once (so a dropped GET fails only after two of these) but not a POST;
	 * the aliyun-log SDK retries any request up to {@code ClientConfiguration.getMaxErrorRetry()} (3) times.
	 */
	public SlsFaults dropConnections(int times) {
		return enqueue(Kind.DROP_CONNECTION, times);
	}

	/** The next {@code times} requests get HTTP 200 with the first half of the complete answer's body. */
	public SlsFaults truncateJson(int times) {
		return enqueue(Kind.TRUNCATE_JSON, times);
	}

	/** Every response waits {@code delay} before its first byte, until {@link #reset()}. */
	public synchronized SlsFaults slowResponses(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		this.delay = delay;
		return this;
	}

	/**
	 * Each distinct {@code GetLogs} request (same project, logstore and parameters, whichever request shape carried
	 * them) answers {@code Incomplete} the first k times it is sent, k fixed per request in {@code [min, max]}; the
	 * (k+1)-th identical request gets the right page with {@code Complete}. An Incomplete answer carries a wrong page,
	 * so a client that keeps it exports wrong data. {@code (0, 0)} turns this off.
	 */
	public synchronized SlsFaults incompleteRepeats(int min, int max) {
		this.logsIncomplete = new Repeats(min, max);
		return this;
	}

	/** {@code GetLogs} on this logstore (in any project) answers Incomplete, with a wrong page, every time. */
	public synchronized SlsFaults incompleteForever(String logstore, boolean forever) {
		Objects.requireNonNull(logstore, "logstore");
		if (forever) {
			this.neverComplete.add(logstore);
		}
		else {
			this.neverComplete.remove(logstore);
		}
		return this;
	}

	/** As {@link #incompleteRepeats} for {@code GetHistograms}; an Incomplete answer carries wrong counts. */
	public synchronized SlsFaults histogramIncompleteRepeats(int min, int max) {
		this.histogramsIncomplete = new Repeats(min, max);
		return this;
	}

	/** Clears the queue, the delay, the Incomplete knobs and what identical requests were already seen. */
	public synchronized SlsFaults reset() {
		this.queue.clear();
		this.delay = Duration.ZERO;
		this.logsIncomplete = Repeats.OFF;
		this.histogramsIncomplete = Repeats.OFF;
		this.neverComplete.clear();
		this.attempts.clear();
		return this;
	}

	/** How many queued faults have not hit a request yet. */
	public synchronized int pending() {
		return this.queue.stream().mapToInt((pending) -> pending.remaining).sum();
	}

	/** Takes the fault for the next signature-valid request, or {@code null} for a normal answer. */
	synchronized Kind take() {
		Pending head = this.queue.peekFirst();
		if (head == null) {
			return null;
		}
		if (--head.remaining == 0) {
			this.queue.removeFirst();
		}
		return head.kind;
	}

	synchronized Duration delay() {
		return this.delay;
	}

	/**
	 * Counts one evaluation of a query and decides its progress.
	 * @param identity everything that makes two requests identical, logstore included
	 * @return 0 if this evaluation is Complete, otherwise which Incomplete answer this is (1 for the first)
	 */
	synchronized int incompleteAttempt(Api api, String logstore, String identity) {
		Repeats repeats = (api == Api.GET_LOGS) ? this.logsIncomplete : this.histogramsIncomplete;
		boolean forever = api == Api.GET_LOGS && this.neverComplete.contains(logstore);
		if (!forever && repeats.max() == 0) {
			return 0;
		}
		int attempt = this.attempts.merge(api + "\u0000" + identity, 1, Integer::sum);
		return (forever || attempt <= repeats.forIdentity(identity)) ? attempt : 0;
	}

	private synchronized SlsFaults enqueue(Kind kind, int times) {
		if (times < 0) {
			throw new IllegalArgumentException("times must not be negative");
		}
		if (times > 0) {
			this.queue.addLast(new Pending(kind, times));
		}
		return this;
	}

}
