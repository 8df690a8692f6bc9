package dev.logtally.source;

import java.util.List;
import java.util.Map;

/**
 * One record as the archive stores it, whatever source it came from.
 * @param naturalKey identifies the record within its window; two records with the same key and second are the same
 *     record delivered twice
 * @param epochSecond the record's time, which orders the source's pages; duplicates always share it
 * @param fields column name to value, in the source's column order ({@code ""} for absent values); immutable (a
 *     {@link FieldValues}, copied into one when given another map)
 */
public record ExportRecord(String naturalKey, long epochSecond, Map<String, String> fields) {

	public ExportRecord {
		fields = FieldValues.copyOf(fields);
	}

	/** The values of {@code columns}, in their order, {@code ""} where this record has none: see {@link FieldValues}. */
	public String[] valuesIn(List<String> columns) {
		return ((FieldValues) this.fields).valuesIn(columns);
	}

}
