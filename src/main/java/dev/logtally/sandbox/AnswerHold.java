package dev.logtally.sandbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An emulator's hold on its answers: after a given number more, every answer waits before its first byte until the
 * hold is released, so that a test keeps a client's run alive part-way, or its requests in flight, for as long as it
 * needs, without timing. Thread-safe; the emulators' fault knobs ({@code holdAfter}, {@code release}, {@code held},
 * {@code awaitHeld}) hand on to it.
 */
public final class AnswerHold {

	/** Answers still given before answers are held; -1: no hold. */
	private int answeredBeforeHold = -1;

	private int held;

	/** Answers the next {@code answered} requests, then holds every later answer until {@link #release()}. */
	public synchronized void holdAfter(int answered) {
		if (answered < 0) {
			throw new IllegalArgumentException("answered must not be negative");
		}
		this.answeredBeforeHold = answered;
	}

	/** Lets every held answer go, and later ones through. */
	public synchronized void release() {
		this.answeredBeforeHold = -1;
		notifyAll();
	}

	/** How many answers are being held now. */
	public synchronized int held() {
		return this.held;
	}

	/**
	 * Waits until {@code count} answers are held, without polling: a test's way to know its requests are in flight.
	 * @param what what an answer is called in the message (answers, responses)
	 * @throws IllegalStateException if they are not held within {@code timeout}
	 */
	public synchronized void awaitHeld(int count, Duration timeout, String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.held < count) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new IllegalStateException(this.held + " " + what + " held, not " + count + ", after " + timeout);
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
	}

	/** Waits, for an answer about to be sent, while the hold is on; counts the answer when it is not. */
	public synchronized void awaitRelease() {
		if (this.answeredBeforeHold == 0) {
			this.held++;
			// wakes awaitHeld; the other held answers wake too, find the hold still on and wait again
			notifyAll();
			try {
				while (this.answeredBeforeHold == 0) {
					wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.held--;
			}
			return;
		}
		if (this.answeredBeforeHold > 0) {
			this.answeredBeforeHold--;
		}
	}

}
