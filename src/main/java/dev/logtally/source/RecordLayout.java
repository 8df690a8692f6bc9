package dev.logtally.source;

import java.util.List;

/**
 * The CSV columns of a source type's archive files.
 * @param leadingColumns the columns every file starts with, in order
 * @param extraColumns whether records carry further fields of their own (SLS log keys): those become one column each,
 *     after the leading ones, sorted by name; a window's header is decided from every record of the window before
 *     the file is written
 */
public record RecordLayout(List<String> leadingColumns, boolean extraColumns) {

	public RecordLayout {
		leadingColumns = List.copyOf(leadingColumns);
	}

}
