package dev.logtally.sandbox.cls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.logtally.sandbox.AnswerHold;

/**
 * Faults the CLS emulator injects on demand; all methods are thread-safe and return {@code this} for chaining.
 *
 * <p>The counted faults form one queue in call order: {@code throttle(2).internalError(1)} throttles the next two
 * signature-valid requests (either action) and fails the third. Each request takes at most one fault; requests that
 * fail authentication take none. A queued fault replaces the normal answer (and the rate and concurrency limits) for
 * the request it hits, and never counts as served.
 *
 * <p>Not queued: {@link #searchResultTooLarge} refuses large pages until {@link #reset()}; {@link #expireContexts()}
 * invalidates every context issued so far; {@link #addLogs} adds logs to a topic once enough answers were served;
 * {@link #holdAfter} holds answers (and their queries' places among the 15 a topic runs at once) until
 * {@link #release()}; {@link #sqlCountOffBy} and {@link #refuseSql} change a topic's SQL {@code count(*)} until
 * {@link #reset()}.
 */
public final class ClsFaults {

	/** One kind of queued failure. */
	enum Kind {

		/** {@code RequestLimitExceeded}, whatever the rate. */
		THROTTLE,

		/** {@code InternalError.SearchFailed}. */
		INTERNAL_ERROR,

		/** {@code FailedOperation.SearchTimeout}. */
		SEARCH_TIMEOUT,

		/** A non-200 status with a small HTML body, like a gateway in front of the API. */
		HTTP_STATUS,

		/** The connection is closed before any byte of a response. */
		DROP_CONNECTION

	}

	/** A fault taken from the queue, with the HTTP status for {@link Kind#HTTP_STATUS}. */
	record Fault(Kind kind, int httpStatus) {
	}

	/** Logs to add to a topic once {@code afterServed} answers were served. */
	record Addition(String topicId, Instant from, Instant to, int count, int afterServed) {
	}

	private static final class Pending {

		private final Fault fault;

		private int remaining;

		private Pending(Fault fault, int remaining) {
			this.fault = fault;
			this.remaining = remaining;
		}

	}

	private final Deque<Pending> queue = new ArrayDeque<>();

	private final List<Addition> additions = new ArrayList<>();

	private int tooLargeAbove = -1;

	/** Raised by {@link #expireContexts()}: a context issued under a lower generation is expired. */
	private long contextGeneration;

	private final AnswerHold hold = new AnswerHold();

	/** What each topic's SQL count adds to the true count. */
	private final Map<String, Long> sqlOffBy = new HashMap<>();

	/** Topics whose SQL is refused. */
	private final Set<String> sqlRefused = new HashSet<>();

	ClsFaults() {
	}

	/** The next {@code times} requests get {@code RequestLimitExceeded}. */
	public ClsFaults throttle(int times) {
		return enqueue(new Fault(Kind.THROTTLE, 200), times);
	}

	/** The next {@code times} requests get {@code InternalError.SearchFailed}. */
	public ClsFaults internalError(int times) {
		return enqueue(new Fault(Kind.INTERNAL_ERROR, 200), times);
	}

	/** The next {@code times} requests get {@code FailedOperation.SearchTimeout}. */
	public ClsFaults searchTimeout(int times) {
		return enqueue(new Fault(Kind.SEARCH_TIMEOUT, 200), times);
	}

	/** The next {@code times} requests get {@code status} (300-599) and an HTML body, as from a gateway. */
	public ClsFaults failWithHttpStatus(int status, int times) {
		if (status < 300 || status > 599) {
			throw new IllegalArgumentException("status must be 300-599: " + status);
		}
		return enqueue(new Fault(Kind.HTTP_STATUS, status), times);
	}

	/**
	 * The next {@code times} requests have their connection closed without a response. The JDK {@code HttpClient}
	 * fails a POST at once; okhttp (the Tencent SDK) silently resends it once.
	 */
	public ClsFaults dropConnections(int times) {
		return enqueue(new Fault(Kind.DROP_CONNECTION, 0), times);
	}

	/**
	 * Every {@code SearchLog} page that would carry more than {@code maxLogs} logs is refused with
	 * {@code LimitExceeded.SearchResultTooLarge}, until {@link #reset()}: a client must search a shorter range (or
	 * a smaller page).
	 */
	public synchronized ClsFaults searchResultTooLarge(int maxLogs) {
		if (maxLogs < 0) {
			throw new IllegalArgumentException("maxLogs must not be negative");
		}
		this.tooLargeAbove = maxLogs;
		return this;
	}

	/** Every context issued so far is expired: continuing with one gives {@code FailedOperation.InvalidContext}. */
	public synchronized ClsFaults expireContexts() {
		this.contextGeneration++;
		return this;
	}

	/**
	 * {@code count} new logs in {@code [from, to)} join the topic once the emulator has served {@code afterServed}
	 * answers: a topic that changes while a client reads it. The logs are drawn from the dataset's seed, so they are
	 * the same on every run; {@link ClsEmulator#logs(String)} includes them once they are visible.
	 */
	public synchronized ClsFaults addLogs(String topicId, Instant from, Instant to, int count, int afterServed) {
		Objects.requireNonNull(topicId, "topicId");
		if (count < 0 || afterServed < 0 || !from.isBefore(to)) {
			throw new IllegalArgumentException("need count >= 0, afterServed >= 0 and from before to");
		}
		this.additions.add(new Addition(topicId, from, to, count, afterServed));
		return this;
	}

	/**
	 * Answers the next {@code answered} requests, then holds every later answer before its first byte until
	 * {@link #release()}; a held query keeps its place among its topic's queries in flight.
	 */
	public ClsFaults holdAfter(int answered) {
		this.hold.holdAfter(answered);
		return this;
	}

	/** Lets every held answer go, and later ones through. */
	public ClsFaults release() {
		this.hold.release();
		return this;
	}

	/** How many answers are being held now. */
	public int held() {
		return this.hold.held();
	}

	/**
	 * Waits until {@code count} answers are held, without polling: a test's way to know its requests are in flight.
	 * @throws IllegalStateException if they are not held within {@code timeout}
	 */
	public void awaitHeld(int count, Duration timeout) throws InterruptedException {
		this.hold.awaitHeld(count, timeout, "answers");
	}

	/**
	 * The topic's SQL {@code count(*)} answers {@code difference} more than the logs it counts (fewer when negative,
	 * never below 0), until {@link #reset()}: a count that disagrees with the histogram's.
	 */
	public synchronized ClsFaults sqlCountOffBy(String topicId, long difference) {
		this.sqlOffBy.put(Objects.requireNonNull(topicId, "topicId"), difference);
		return this;
	}

	/**
	 * The topic refuses SQL with {@code FailedOperation.QueryError}, as a topic whose index has no statistics
	 * enabled, until {@link #reset()}. The code is the contract's for a query that failed to run; the message is the
	 * sandbox's wording (what the service says is unconfirmed).
	 */
	public synchronized ClsFaults refuseSql(String topicId) {
		this.sqlRefused.add(Objects.requireNonNull(topicId, "topicId"));
		return this;
	}

	/** Clears the queue, the size limit, the hold, additions not made yet and the SQL faults. */
	public synchronized ClsFaults reset() {
		this.queue.clear();
		this.sqlOffBy.clear();
		this.sqlRefused.clear();
		this.tooLargeAbove = -1;
		this.additions.clear();
		release();
		return this;
	}

	/** How many queued faults have not hit a request yet. */
	public synchronized int pending() {
		return this.queue.stream().mapToInt((pending) -> pending.remaining).sum();
	}

	synchronized Fault take() {
		Pending head = this.queue.peekFirst();
		if (head == null) {
			return null;
		}
		if (--head.remaining == 0) {
			this.queue.removeFirst();
		}
		return head.fault;
	}

	/** The largest page allowed, or -1 for any. */
	synchronized int tooLargeAbove() {
		return this.tooLargeAbove;
	}

	synchronized long sqlOffBy(String topicId) {
		return this.sqlOffBy.getOrDefault(topicId, 0L);
	}

	synchronized boolean sqlRefused(String topicId) {
		return this.sqlRefused.contains(topicId);
	}

	/** The generation new contexts are issued under; those of earlier generations are expired. */
	synchronized long contextGeneration() {
		return this.contextGeneration;
	}

	/** Takes the additions the emulator has not made yet, in call order. */
	synchronized List<Addition> takeAdditions() {
		List<Addition> taken = List.copyOf(this.additions);
		this.additions.clear();
		return taken;
	}

	/** Waits, for an answer about to be sent, while {@link #holdAfter} holds it. */
	void awaitRelease() {
		this.hold.awaitRelease();
	}

	private synchronized ClsFaults enqueue(Fault fault, int times) {
		if (times < 0) {
			throw new IllegalArgumentException("times must not be negative");
		}
		if (times > 0) {
			this.queue.addLast(new Pending(fault, times));
		}
		return this;
	}

}
