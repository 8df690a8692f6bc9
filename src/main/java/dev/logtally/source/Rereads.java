package dev.logtally.source;

import java.time.Duration;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.RereadSpec;

/**
 * The bound on reading a part of a window again: how many reads a part gets, and the pause before each re-read,
 * doubled each time. A reader counts its attempts in its restart state, so a restart neither forgets nor repeats them.
 */
public final class Rereads {

	/** Waits; the real one sleeps, tests pass one that does not. */
	@FunctionalInterface
	public interface Pause {

		Pause SLEEP = (duration) -> Thread.sleep(duration.toMillis());

		void pause(Duration duration) throws InterruptedException;

	}

	/** Reads each part once: nothing is read again, a count that moves is a MISMATCH at once. */
	public static final Rereads NEVER = new Rereads(new RereadSpec(1, Duration.ZERO), Pause.SLEEP);

	private final RereadSpec spec;

	private final Pause pause;

	public Rereads(RereadSpec spec, Pause pause) {
		this.spec = spec;
		this.pause = pause;
	}

	/** Sleeps between attempts. */
	public static Rereads of(RereadSpec spec) {
		return new Rereads(spec, Pause.SLEEP);
	}

	public int maxAttempts() {
		return this.spec.maxAttempts();
	}

	/** Whether a part already read {@code attempts} times may be read once more. */
	public boolean allowAfter(int attempts) {
		return attempts < this.spec.maxAttempts();
	}

	/**
	 * Pauses before attempt {@code attempt} (2 for the first re-read).
	 * @param context what is read again, for the message if the wait is interrupted
	 */
	public void pauseBefore(int attempt, String context) {
		Duration wait = this.spec.delay().multipliedBy(1L << Math.min(Math.max(attempt - 2, 0), 10));
		if (wait.isZero()) {
			return;
		}
		try {
			this.pause.pause(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SourceException(SourceException.Kind.INTERRUPTED, context + ": interrupted", ex);
		}
	}

}
