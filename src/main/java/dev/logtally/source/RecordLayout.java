package dev.logtally.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The CSV columns of a source type's archive files, and the order its records are written in.
 * @param leadingColumns the columns every file starts with, in order
 * @param extraColumns whether records carry further fields of their own (SLS log keys): those become one column each,
 *     after the leading ones, sorted by name; a window's header is every key its records carry
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
	 * Whether a window is staged as CSV while it is read: its records arrive in file order (not newest first). Such a
	 * window's staging file is its CSV whenever its header was known from its first chunk (always, without columns of
	 * the records' own), and publishing it is a move, a copy or a compression of that file. Other windows are staged
	 * as JSON lines and rendered as CSV when they are complete.
	 */
	public boolean stagedAsCsv() {
		return !this.newestFirst;
	}

	/** The header of a file whose records carry {@code keys}: the leading columns, then the others sorted. */
	public List<String> fileColumns(Collection<String> keys) {
		if (!this.extraColumns) {
			return this.leadingColumns;
		}
		TreeSet<String> extra = new TreeSet<>(keys);
		extra.removeAll(this.leadingColumns);
		List<String> columns = new ArrayList<>(this.leadingColumns);
		columns.addAll(extra);
		return List.copyOf(columns);
	}

	/** The same columns, for a source that hands records on newest first. */
	public RecordLayout handedNewestFirst() {
		return new RecordLayout(this.leadingColumns, this.extraColumns, true);
	}

}
