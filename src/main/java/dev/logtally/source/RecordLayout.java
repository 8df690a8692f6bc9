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

	/** The same columns, for a source that hands records on newest first. */
	public RecordLayout handedNewestFirst() {
		return new RecordLayout(this.leadingColumns, this.extraColumns, true);
	}

}
