package dev.logtally.source;

import java.util.Map;

/**
 * One record as the archive stores it, whatever source it came from.
 * @param naturalKey identifies the record within its window; two records with the same key and second are the same
 *     record delivered twice
 * @param epochSecond the record's time, which orders the source's pages; duplicates always share it
 * @param fields column name to value, in the source's column order ({@code ""} for absent values)
 */
public record ExportRecord(String naturalKey, long epochSecond, FieldValues fields) implements WindowItem {

	/** @param fields copied, in their iteration order */
	public ExportRecord(String naturalKey, long epochSecond, Map<String, String> fields) {
		this(naturalKey, epochSecond, FieldValues.copyOf(fields));
	}

}
