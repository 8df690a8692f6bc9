package dev.logtally.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends SIGTERM to a running logtally process once a sandbox has served a given number of answers: hook
 * {@link #served} into the emulator's {@code onServed}, then {@link #arm} it for the process under test.
 */
public final class TermSwitch {

	private final AtomicReference<LogtallyProcess> running = new AtomicReference<>();

	private final AtomicInteger terminateAt = new AtomicInteger(Integer.MAX_VALUE);

	/** For the emulator's {@code onServed}: signals the armed process once, when its point is reached. */
	public void served(int served) {
		LogtallyProcess process = this.running.get();
		if (process != null && served >= this.terminateAt.get()) {
			this.terminateAt.set(Integer.MAX_VALUE);
			process.terminate();
		}
	}

	/**
	 * Starts watching {@code process}, to be signalled once the emulator's served count reaches {@code atServed}.
	 * @return the process, to wait for
	 */
	public LogtallyProcess arm(LogtallyProcess process, int atServed) {
		this.terminateAt.set(atServed);
		this.running.set(process);
		return process;
	}

}
