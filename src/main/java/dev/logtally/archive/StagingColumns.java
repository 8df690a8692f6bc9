package dev.logtally.archive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.FieldValues;
import dev.logtally.source.RecordLayout;

/**
 * The columns of a window's staging CSV, in the order its rows hold them, and each record's row in that order.
 *
 * <p>With the layout's columns alone, that is the file's header. With columns of the records' own (SLS log keys),
 * the first chunk's keys give the header ({@link RecordLayout#fileColumns}); a later record with a key not seen
 * before adds it, and any others new with it, sorted, after the columns so far. So a row holds as many values as there
 * were columns when it was written, and the rows written before a key appeared lack it: empty, as the archive writes
 * a key a record does not carry. Keys seldom appear after the first chunk; when none did, the staging file is the
 * window's CSV as it stands.
 */
final class StagingColumns {

	private final RecordLayout layout;

	private final List<String> columns;

	private final Map<String, Integer> positions = new HashMap<>();

	StagingColumns(RecordLayout layout, List<String> columns) {
		this.layout = layout;
		this.columns = new ArrayList<>();
		add(columns);
	}

	/** The columns of a layout without columns of the records' own. */
	static StagingColumns of(RecordLayout layout) {
		return new StagingColumns(layout, layout.leadingColumns());
	}

	/** The header of a window whose first chunk is {@code records}. */
	static StagingColumns first(RecordLayout layout, Iterable<? extends ExportRecord> records) {
		TreeSet<String> keys = new TreeSet<>();
		for (ExportRecord record : records) {
			keys.addAll(record.fields().keySet());
		}
		return new StagingColumns(layout, layout.fileColumns(keys));
	}

	/**
	 * The record's values in the order of the columns, {@code ""} for a column it lacks; first adds the keys it carries
	 * that no column has yet.
	 * @return an array the caller must not change
	 */
	String[] row(ExportRecord record) {
		FieldValues fields = record.fields();
		if (!this.layout.extraColumns()) {
			return fields.valuesIn(this.layout.leadingColumns());
		}
		String[] row = new String[this.columns.size()];
		Arrays.fill(row, "");
		TreeSet<String> unseen = null;
		for (int i = 0; i < fields.size(); i++) {
			Integer position = this.positions.get(fields.name(i));
			if (position != null) {
				row[position] = fields.value(i);
			}
			else {
				unseen = unseen == null ? new TreeSet<>() : unseen;
				unseen.add(fields.name(i));
			}
		}
		if (unseen == null) {
			return row;
		}
		add(unseen);
		String[] grown = Arrays.copyOf(row, this.columns.size());
		for (int i = row.length; i < grown.length; i++) {
			grown[i] = fields.get(this.columns.get(i));
		}
		return grown;
	}

	/** The columns in the order the rows hold them: a view, which later keys extend. */
	List<String> list() {
		return Collections.unmodifiableList(this.columns);
	}

	/** Forgets the columns after the first {@code count}: the keys of rows that were taken back. */
	void keepFirst(int count) {
		while (this.columns.size() > count) {
			this.positions.remove(this.columns.remove(this.columns.size() - 1));
		}
	}

	private void add(Iterable<String> names) {
		for (String name : names) {
			this.positions.put(name, this.columns.size());
			this.columns.add(name);
		}
	}

}
