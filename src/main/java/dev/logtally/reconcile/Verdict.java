package dev.logtally.reconcile;

/** How a window's export compares with what its source says it holds. */
public enum Verdict {

	/** Every record the source counted was read, and every one read was written or dropped as a duplicate. */
	MATCHED,

	/** The source's count and the records read differ (for example records arrived while the window was read). */
	MISMATCH,

	/** A source cap hid records that no split could reach (an SCF second holding more than 10,000 logs). */
	TRUNCATED,

	/** The source never completed the query (SLS {@code Incomplete} beyond the retry bound). */
	INCOMPLETE,

	/** The window could not be exported: the partition failed. */
	FAILED;

	/** Whether the window counts as reconciled for the run's exit code. */
	public boolean reconciled() {
		return this == MATCHED;
	}

}
