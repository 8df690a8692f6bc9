package dev.logtally.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * Prints CSV rows (RFC 4180) into a {@link StringBuilder} and hands them to an {@link OutputStream} as UTF-8 in pieces
 * of about {@value #FLUSH_AT} characters, optionally adding those bytes to a digest.
 *
 * <p>Why this shape (each found on the window threads' profile of issue 8):
 * <ul>
 * <li>Not a {@link CSVPrinter} on a {@code Writer}: commons-csv appends character by character where a value needs
 * looking at, and every append to a {@code Writer} takes its lock (and runs the charset encoder); appends to a
 * {@code StringBuilder} are plain array stores.</li>
 * <li>Not a {@code CSVPrinter} at all: it takes a fair lock for every value. The format's own
 * {@link CSVFormat#print(Object, Appendable, boolean)} is what it calls.</li>
 * <li>A format of its own: {@code CSVFormat}'s print methods are {@code synchronized}, so every window thread printing
 * through the shared {@link CSVFormat#RFC4180} contended for one monitor, value by value.</li>
 * <li>{@link String#getBytes} rather than a {@code CharsetEncoder}: it copies ASCII text as it is, and encodes the
 * rest faster than the encoder's general loop.</li>
 * </ul>
 * Only the current piece is held, so a window of any size prints in bounded memory.
 */
final class CsvRowBuffer implements Closeable {

	/** RFC 4180: comma, double quotes where needed, CRLF. */
	static final CSVFormat FORMAT = CSVFormat.RFC4180;

	private static final int FLUSH_AT = 32 * 1024;

	private final CSVFormat format = FORMAT.builder().get();

	private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 1024);

	private final OutputStream out;

	private final @Nullable MessageDigest digest;

	private boolean newRow = true;

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
		this.format.print(value, this.buffer, this.newRow);
		this.newRow = false;
	}

	void endRow() throws IOException {
		this.format.println(this.buffer);
		this.newRow = true;
		if (this.buffer.length() >= FLUSH_AT) {
			flush();
		}
	}

	/** Hands what is buffered to the stream. */
	void flush() throws IOException {
		if (this.buffer.isEmpty()) {
			return;
		}
		byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
		this.buffer.setLength(0);
		this.out.write(bytes);
		if (this.digest != null) {
			this.digest.update(bytes);
		}
	}

	/** Hands on what is buffered; the stream is the caller's to close. */
	@Override
	public void close() throws IOException {
		flush();
	}

}
