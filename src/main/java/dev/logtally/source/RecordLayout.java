package dev.logtally.source;

import java.util.List;

/**
 * The CSV columns of a source type's archive files, and the order its records are written in.
 * @param leadingColumns the columns every file starts with, in order
 * @param extraColumns whether records carry further fields of their own (SLS log keys): those become one column each,
 *     after the leading ones, sorted by name; a window's header is decided from every record of the window before
 *     the file is written
 * @param newestFirst whether the source hands records on newest first (the legacy SCF API); the file is then written
 *     in reverse, oldest first, as every other source's
 */
public record RecordLayout(List<String> leadingColumns, boolean extraColumns, boolean newestFirst) {

	public RecordLayout {
		leadingColumns = List.copyOf(leadingColumns);
	}

	public RecordLayout(List<String> leadingColumns, boolean extraColumns) {
		this(leadingColumns, extraColumns, false);
	}

	/**
	 * Whether a window's staging file can be its CSV as it is read: the header is known before the first record (no
	 * columns of the records' own) and the records arrive in file order (not newest first). Such a window is staged as
	 * the CSV itself, and publishing it is a copy (or compression) of that file; other windows are staged as JSON lines
	 * and rendered as CSV when they are complete.
	 */
	public boolean stagedAsCsv() {
		return !this.extraColumns && !this.newestFirst;
	}

	/** The same columns, for a source that hands records on newest first. */
	public RecordLayout handedNewestFirst() {
		return new RecordLayout(this.leadingColumns, this.extraColumns, true);
	}

}
