package dev.logtally.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one {@link ExportRecord}: column names in order and this record's values, as an immutable map.
 *
 * <p>Why not a {@code LinkedHashMap}: a record is built once per log and read once when it is staged, and an export
 * makes a million of them a minute. A linked hash map costs an entry object and a hash per field, twice (the source's
 * map and the record's defensive copy), which was a tenth of a window thread's time (issue 8). Here the names of a
 * fixed layout are one shared list and each record holds one array: {@link #valuesIn} hands the values on in the
 * layout's order without a lookup.
 */
public final class FieldValues extends AbstractMap<String, String> {

	private final List<String> names;

	private final String[] values;

	private FieldValues(List<String> names, String[] values) {
		this.names = names;
		this.values = values;
	}

	/**
	 * @param names the column names, shared by every record of a layout (kept, not copied: pass an immutable list)
	 * @param values one value per name, none {@code null} (the array is kept: the caller must not change it)
	 */
	public static FieldValues of(List<String> names, String... values) {
		if (names.size() != values.length) {
			throw new IllegalArgumentException(values.length + " values for " + names.size() + " columns " + names);
		}
		for (int i = 0; i < values.length; i++) {
			Objects.requireNonNull(values[i], names.get(i));
		}
		return new FieldValues(names, values);
	}

	/** An immutable copy of {@code fields}, in its iteration order. */
	public static FieldValues copyOf(Map<String, String> fields) {
		if (fields instanceof FieldValues values) {
			return values;
		}
		String[] names = new String[fields.size()];
		String[] values = new String[fields.size()];
		int i = 0;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			names[i] = Objects.requireNonNull(field.getKey(), "a field name");
			values[i++] = Objects.requireNonNull(field.getValue(), field.getKey());
		}
		return new FieldValues(List.of(names), values);
	}

	/**
	 * The values of {@code columns}, in their order ({@code ""} for a column this record lacks). When the record was
	 * built with that very list of names, as a fixed layout's readers build theirs, its array is returned as it is.
	 * @return an array the caller must not change
	 */
	public String[] valuesIn(List<String> columns) {
		if (columns == this.names) {
			return this.values;
		}
		String[] ordered = new String[columns.size()];
		for (int i = 0; i < ordered.length; i++) {
			String value = get(columns.get(i));
			ordered[i] = value == null ? "" : value;
		}
		return ordered;
	}

	/** The name of the field at {@code index}, in order. */
	public String name(int index) {
		return this.names.get(index);
	}

	/** The value of the field at {@code index}, in order. */
	public String value(int index) {
		return this.values[index];
	}

	@Override
	public String get(Object name) {
		int index = this.names.indexOf(name);
		return index < 0 ? null : this.values[index];
	}

	@Override
	public boolean containsKey(Object name) {
		return this.names.contains(name);
	}

	@Override
	public int size() {
		return this.values.length;
	}

	@Override
	public Set<Map.Entry<String, String>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Map.Entry<String, String>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return this.next < FieldValues.this.values.length;
					}

					@Override
					public Map.Entry<String, String> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int index = this.next++;
						return Map.entry(FieldValues.this.names.get(index), FieldValues.this.values[index]);
					}

				};
			}

			@Override
			public int size() {
				return FieldValues.this.values.length;
			}

		};
	}

}
