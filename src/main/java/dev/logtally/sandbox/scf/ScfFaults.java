package dev.logtally.sandbox.scf;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.logtally.sandbox.AnswerHold;

/**
 * Faults the emulator injects on demand; all methods are thread-safe and return {@code this} for chaining.
 *
 * <p>The counted faults form one queue in call order: {@code throttle(2).internalError(1)} throttles the next two
 * signature-valid requests and fails the third. Each request takes at most one fault; requests that fail
 * authentication take none. A fault replaces the normal answer (and the rate limit) for the request it hits; a
 * faulted request never counts as served. {@link #slowResponses} is not queued: it delays every response until
 * {@link #reset()}. Nor is {@link #deleteFunction}, which concerns one function's requests only.
 */
public final class ScfFaults {

	/** One kind of injected failure. */
	public enum Kind {

		/** A non-200 status with a small HTML body, like a gateway in front of the API. */
		HTTP_STATUS,

		/** {@code RequestLimitExceeded}, whatever the rate. */
		THROTTLE,

		/** {@code InternalError.System}. */
		INTERNAL_ERROR,

		/** The connection is closed before any byte of a response. */
		DROP_CONNECTION,

		/** A complete HTTP 200 response carrying only the first half of the real JSON. */
		TRUNCATE_JSON

	}

	/** A fault taken from the queue, with the HTTP status for {@link Kind#HTTP_STATUS}. */
	public record Fault(Kind kind, int httpStatus) {
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

	private Duration delay = Duration.ZERO;

	/** Holds responses on demand ({@link #holdAfter}). */
	private final AnswerHold hold = new AnswerHold();

	/** Responses waiting for {@link #release()}. */

	/** By function name: how many more requests it answers before it is gone. */
	private final Map<String, Integer> deletions = new HashMap<>();

	public ScfFaults() {
	}

	/** The next {@code times} requests get {@code status} (300-599, not 200) and an HTML body. */
	public ScfFaults failWithHttpStatus(int status, int times) {
		if (status < 300 || status > 599) {
			throw new IllegalArgumentException("status must be 300-599: " + status);
		}
		return enqueue(new Fault(Kind.HTTP_STATUS, status), times);
	}

	/** The next {@code times} requests get {@code RequestLimitExceeded}. */
	public ScfFaults throttle(int times) {
		return enqueue(new Fault(Kind.THROTTLE, 200), times);
	}

	/** The next {@code times} requests get {@code InternalError.System}. */
	public ScfFaults internalError(int times) {
		return enqueue(new Fault(Kind.INTERNAL_ERROR, 200), times);
	}

	/**
	 * The next {@code times} requests have their connection closed without a response. Note that the JDK
	 * {@code HttpClient} silently retries an idempotent request (GET) once on such a connection, so one dropped GET
	 * costs two of these; a POST fails at once with an {@code IOException}.
	 */
	public ScfFaults dropConnections(int times) {
		return enqueue(new Fault(Kind.DROP_CONNECTION, 0), times);
	}

	/** The next {@code times} requests get HTTP 200 with the first half of the JSON they would have got. */
	public ScfFaults truncateJson(int times) {
		return enqueue(new Fault(Kind.TRUNCATE_JSON, 200), times);
	}

	/** Every response waits {@code delay} before its first byte, until {@link #reset()}. */
	public synchronized ScfFaults slowResponses(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		this.delay = delay;
		return this;
	}

	/**
	 * The function {@code name} (in any namespace) answers its next {@code answered} requests, then is deleted: every
	 * later request for it gets {@code ResourceNotFound.Function}, as when a function is deleted while a run reads it.
	 */
	public synchronized ScfFaults deleteFunction(String name, int answered) {
		Objects.requireNonNull(name, "name");
		if (answered < 0) {
			throw new IllegalArgumentException("answered must not be negative");
		}
		this.deletions.put(name, answered);
		return this;
	}

	/** Counts a request for the function {@code name}: whether it has been deleted by now. */
	public synchronized boolean deleted(String name) {
		Integer remaining = this.deletions.get(name);
		if (remaining == null) {
			return false;
		}
		if (remaining == 0) {
			return true;
		}
		this.deletions.put(name, remaining - 1);
		return false;
	}

	/**
	 * Answers the next {@code answered} requests, then holds every later response before its first byte until
	 * {@link #release()}: the client's run stays alive, part-way, for as long as a test needs, without timing.
	 */
	public ScfFaults holdAfter(int answered) {
		this.hold.holdAfter(answered);
		return this;
	}

	/** Lets every held response go, and later ones through. */
	public ScfFaults release() {
		this.hold.release();
		return this;
	}

	/** How many responses are being held now. */
	public int held() {
		return this.hold.held();
	}

	/** Waits, for a response about to be sent, while {@link #holdAfter} holds it. */
	public void awaitRelease() {
		this.hold.awaitRelease();
	}

	/**
	 * Waits until {@code count} responses are held, without polling: a test's way to know a run is in flight.
	 * @throws IllegalStateException if they are not held within {@code timeout}
	 */
	public void awaitHeld(int count, Duration timeout) throws InterruptedException {
		this.hold.awaitHeld(count, timeout, "responses");
	}

	/** Clears the queue, the delay, the deletions and a hold. */
	public synchronized ScfFaults reset() {
		this.queue.clear();
		this.delay = Duration.ZERO;
		this.deletions.clear();
		release();
		return this;
	}

	/** How many queued faults have not hit a request yet. */
	public synchronized int pending() {
		return this.queue.stream().mapToInt((pending) -> pending.remaining).sum();
	}

	/** Takes the fault for the next signature-valid request, or {@code null} for a normal answer. */
	public synchronized Fault take() {
		Pending head = this.queue.peekFirst();
		if (head == null) {
			return null;
		}
		if (--head.remaining == 0) {
			this.queue.removeFirst();
		}
		return head.fault;
	}

	public synchronized Duration delay() {
		return this.delay;
	}

	private synchronized ScfFaults enqueue(Fault fault, int times) {
		if (times < 0) {
			throw new IllegalArgumentException("times must not be negative");
		}
		if (times > 0) {
			this.queue.addLast(new Pending(fault, times));
		}
		return this;
	}

}
