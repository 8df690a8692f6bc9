package dev.logtally.tally;

/**
 * How a window of a run ended: how its export compares with what its source says it holds, or, for a window whose
 * export is not done, why not. Only a window that is done has been compared and published; the same command picks up
 * every other one again.
 */
public enum Verdict {

	/** Every record the source counted was read, and every one read was written or dropped as a duplicate. */
	MATCHED,

	/** The source's count and the records read differ (for example records arrived while the window was read). */
	MISMATCH,

	/** A source cap hid records that no split could reach (an SCF second holding more than 10,000 logs). */
	TRUNCATED,

	/** The source never completed the query (SLS {@code Incomplete} beyond the retry bound). */
	INCOMPLETE,

	/**
	 * The window was read in full, but its objects could not be published (a disk full, a store refusing them): the
	 * archive does not hold it, whatever its counts say. The same command publishes it.
	 */
	NOT_PUBLISHED,

	/** The window could not be exported: the partition failed. */
	FAILED,

	/** The run was stopped while the window was read; the records so far are kept and the same command goes on. */
	STOPPED,

	/** The run ended (stopped, or failed) before any of the window's records were kept. */
	NOT_STARTED;

	/** Whether the window counts as reconciled for the run's exit code. */
	public boolean reconciled() {
		return this == MATCHED;
	}

	/**
	 * Whether the window's export is done: read in full, compared with the source's count, and published. A window
	 * that is not done is picked up again by the same command, and makes the run fail (exit code 1) or stop.
	 */
	public boolean done() {
		return this == MATCHED || this == MISMATCH || this == TRUNCATED || this == INCOMPLETE;
	}

	/** Whether the window was read in full, so that its counts are final (those of a window not published are). */
	public boolean readInFull() {
		return done() || this == NOT_PUBLISHED;
	}

}
