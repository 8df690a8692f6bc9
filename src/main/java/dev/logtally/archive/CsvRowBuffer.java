package dev.logtally.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Prints CSV rows (RFC 4180) into a {@link StringBuilder} and hands it to a {@link Writer} in pieces of about
 * {@value #FLUSH_AT} characters.
 *
 * <p>Why not a {@link CSVPrinter} straight on the writer: commons-csv appends character by character where a value
 * needs looking at, and every append to a {@code Writer} takes its lock (and, unbuffered, runs the charset encoder). That
 * was the largest cost per record of an export (issue 8); appends to a {@code StringBuilder} are plain array stores.
 * Only the current piece is held, so a window of any size prints in bounded memory.
 */
final class CsvRowBuffer implements Closeable {

	/** RFC 4180: comma, double quotes where needed, CRLF. */
	static final CSVFormat FORMAT = CSVFormat.RFC4180;

	private static final int FLUSH_AT = 32 * 1024;

	private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 1024);

	private final CSVPrinter printer;

	private final Writer out;

	CsvRowBuffer(Writer out) throws IOException {
		this.out = out;
		this.printer = new CSVPrinter(this.buffer, FORMAT);
	}

	void printRow(Iterable<String> values) throws IOException {
		this.printer.printRecord(values);
		flushIfFull();
	}

	/** One value of the current row; {@link #endRow} ends it. */
	void print(String value) throws IOException {
		this.printer.print(value);
	}

	void endRow() throws IOException {
		this.printer.println();
		flushIfFull();
	}

	private void flushIfFull() throws IOException {
		if (this.buffer.length() >= FLUSH_AT) {
			flush();
		}
	}

	/** Hands what is buffered to the writer and flushes it. */
	void flush() throws IOException {
		this.out.append(this.buffer);
		this.buffer.setLength(0);
		this.out.flush();
	}

	/** Flushes; the writer is the caller's to close. */
	@Override
	public void close() throws IOException {
		flush();
	}

}
