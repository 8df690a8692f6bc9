package dev.logtally.source;

import java.util.List;

/**
 * One record as the archive stores it, whatever source it came from.
 * @param naturalKey identifies the record within its window; two records with the same key and second are the same
 *     record delivered twice
 * @param epochSecond the record's time, which orders the source's pages; duplicates always share it
 * @param values the CSV column values in the source's column order ({@code ""} for absent fields)
 */
public record ExportRecord(String naturalKey, long epochSecond, List<String> values) {

	public ExportRecord {
		values = List.copyOf(values);
	}

}
