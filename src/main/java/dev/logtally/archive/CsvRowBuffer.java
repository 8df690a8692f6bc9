package dev.logtally.archive;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * Prints CSV rows (RFC 4180) as UTF-8 into a byte buffer and hands it to an {@link OutputStream} in pieces of about
 * {@value #FLUSH_AT} bytes, optionally adding those bytes to a digest.
 *
 * <p>Why this shape (each found on the window threads' profile of issue 8):
 * <ul>
 * <li>Not a {@link CSVPrinter} on a {@code Writer}: commons-csv appends character by character where a value needs
 * looking at, and every append to a {@code Writer} takes its lock and runs the charset encoder.</li>
 * <li>Not a {@code CSVPrinter} at all: it takes a fair lock for every value. The format's own
 * {@link CSVFormat#print(Object, Appendable, boolean)} is what it calls.</li>
 * <li>A format of its own: {@code CSVFormat}'s print methods are {@code synchronized}, so every window thread printing
 * through the shared {@link CSVFormat#RFC4180} contended for one monitor, value by value.</li>
 * <li>Not a {@code StringBuilder} either: on Java 17 it copies a range of a {@code String} char by char, and the first
 * character beyond Latin-1 turns the rest of the piece into UTF-16, which then has to be encoded char by char too.
 * Here each value is encoded on its own by {@link String#getBytes}, which copies ASCII text as it is.</li>
 * </ul>
 * Only the current piece is held, so a window of any size prints in bounded memory.
 */
final class CsvRowBuffer implements Closeable, Flushable {

	/** RFC 4180: comma, double quotes where needed, CRLF. */
	static final CSVFormat FORMAT = CSVFormat.RFC4180;

	private static final int FLUSH_AT = 32 * 1024;

	private final CSVFormat format = FORMAT.builder().get();

	private final Utf8Bytes buffer = new Utf8Bytes(FLUSH_AT + 1024);

	private final OutputStream out;

	private final @Nullable MessageDigest digest;

	private boolean newRow = true;

	/** The current row's next value's place: 0 for the first. */
	private int column;

	private final RepeatedValues repeats = new RepeatedValues();

	/** @param out where the rows go; the caller closes it */
	CsvRowBuffer(OutputStream out) {
		this(out, null);
	}

	/** @param digest given every byte handed to {@code out}, in order */
	CsvRowBuffer(OutputStream out, @Nullable MessageDigest digest) {
		this.out = out;
		this.digest = digest;
	}

	void printRow(Iterable<String> values) throws IOException {
		for (String value : values) {
			print(value);
		}
		endRow();
	}

	void printRow(String[] values) throws IOException {
		for (String value : values) {
			print(value);
		}
		endRow();
	}

	/** One value of the current row; {@link #endRow} ends it. */
	void print(String value) throws IOException {
		if (this.newRow) {
			// The first value's text depends on its place (commons-csv quotes an empty or '#'-led one there).
			this.format.print(value, this.buffer, true);
			this.newRow = false;
			this.column = 1;
			return;
		}
		this.repeats.print(this.column++, value);
	}

	void endRow() throws IOException {
		this.format.println(this.buffer);
		this.newRow = true;
		this.column = 0;
		if (this.buffer.length >= FLUSH_AT) {
			flush();
		}
	}

	/** Hands what is buffered to the stream. */
	@Override
	public void flush() throws IOException {
		if (this.buffer.length == 0) {
			return;
		}
		this.out.write(this.buffer.bytes, 0, this.buffer.length);
		if (this.digest != null) {
			this.digest.update(this.buffer.bytes, 0, this.buffer.length);
		}
		this.buffer.length = 0;
	}

	/** Hands on what is buffered; the stream is the caller's to close. */
	@Override
	public void close() throws IOException {
		flush();
	}

	/**
	 * The text of a column's value that the previous row also had, copied instead of printed again: many columns
	 * repeat from row to row (a window's function name, a level, a status code), and commons-csv looks at every
	 * character of every value it prints (its share of the warm SCF export's CPU is in docs/BENCHMARKS.md).
	 *
	 * <p>Only for values after the first of a row, whose text depends on nothing but the value (commons-csv prints
	 * the delimiter, then the value, quoted where needed). A value is copied from its second row in a row on, so a
	 * column whose values always change costs a comparison, never a copy.
	 */
	private final class RepeatedValues {

		/** Longer values are printed each time: a repeated long text is rare, and its copy would be kept. */
		private static final int MAX_KEPT = 256;

		private String[] previous = new String[16];

		/** The delimiter and the printed value, once a value repeats; {@code null} until then. */
		private byte[][] printed = new byte[16][];

		void print(int column, String value) throws IOException {
			if (column >= this.previous.length) {
				this.previous = Arrays.copyOf(this.previous, column * 2);
				this.printed = Arrays.copyOf(this.printed, column * 2);
			}
			Utf8Bytes out = CsvRowBuffer.this.buffer;
			if (!value.equals(this.previous[column])) {
				this.previous[column] = value;
				this.printed[column] = null;
				CsvRowBuffer.this.format.print(value, out, false);
				return;
			}
			byte[] kept = this.printed[column];
			if (kept != null) {
				out.append(kept);
				return;
			}
			int start = out.length;
			CsvRowBuffer.this.format.print(value, out, false);
			if (out.length - start <= MAX_KEPT) {
				this.printed[column] = Arrays.copyOfRange(out.bytes, start, out.length);
			}
		}

	}

	/**
	 * What commons-csv prints into, as UTF-8. It appends whole values, the parts of a quoted value between the quotes
	 * it doubles, and single ASCII characters (delimiter, quote, line break); the parts of a quoted value are cut next
	 * to a quote, never inside a surrogate pair, so encoding each append on its own gives the bytes of the whole row.
	 */
	private static final class Utf8Bytes implements Appendable {

		/** Appends up to this many chars are copied one by one; longer ones are encoded by the JDK in one go. */
		private static final int SHORT = 16;

		private byte[] bytes;

		private int length;

		Utf8Bytes(int capacity) {
			this.bytes = new byte[capacity];
		}

		@Override
		public Appendable append(CharSequence text) {
			return append(text, 0, text.length());
		}

		@Override
		public Appendable append(CharSequence text, int start, int end) {
			if (end - start <= SHORT && ascii(text, start, end)) {
				// Delimiters, line breaks and short values (most of a row's appends): copied as they are, without the
				// array that String.getBytes makes for each (issue 8).
				ensure(end - start);
				for (int i = start; i < end; i++) {
					this.bytes[this.length++] = (byte) text.charAt(i);
				}
				return this;
			}
			String part = text.toString();
			if (start != 0 || end != part.length()) {
				part = part.substring(start, end);
			}
			append(part.getBytes(StandardCharsets.UTF_8));
			return this;
		}

		/** Bytes already encoded. */
		void append(byte[] encoded) {
			ensure(encoded.length);
			System.arraycopy(encoded, 0, this.bytes, this.length, encoded.length);
			this.length += encoded.length;
		}

		@Override
		public Appendable append(char c) {
			if (c < 0x80) {
				ensure(1);
				this.bytes[this.length++] = (byte) c;
				return this;
			}
			return append(String.valueOf(c));
		}

		private static boolean ascii(CharSequence text, int start, int end) {
			for (int i = start; i < end; i++) {
				if (text.charAt(i) >= 0x80) {
					return false;
				}
			}
			return true;
		}

		private void ensure(int more) {
			if (this.length + more > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
			}
		}

	}

}
