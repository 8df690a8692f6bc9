package dev.logtally.source;

/**
 * Marks in a window's item stream (see {@link WindowItem}).
 *
 * <p>Invariant, which the duplicate filter relies on: a part begins at a second that no record before it shares (SCF
 * slices are cut on whole seconds; the other parts are whole windows), so at a part's start no natural key of an
 * earlier record needs remembering.
 */
public enum PartMark implements WindowItem {

	/**
	 * The records after this one begin a part that may be read again. Until the first {@code START}, the part is the
	 * window from its start.
	 */
	START,

	/**
	 * Every record handed on since the current part started is void: the reader reads the part again from its start.
	 */
	REREAD

}
