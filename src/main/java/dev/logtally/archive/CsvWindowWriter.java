package dev.logtally.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import dev.logtally.reconcile.WindowCounts;
import dev.logtally.source.ExportRecord;
import dev.logtally.spec.Compression;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Appends a window's records to its {@code .part} file as RFC 4180 CSV (UTF-8, CRLF, header row), optionally gzip.
 *
 * <p>Restart state is the byte length of the file at the last chunk commit ({@value #OFFSET}). Each chunk is appended
 * as a self-contained section and forced to disk before the chunk's transaction commits; a restarted step truncates the
 * file back to the committed length and appends again, so the finished file is byte-identical to one written without
 * interruption. With gzip each section is its own gzip member; concatenated members form one valid gzip stream
 * (RFC 1952), and a member boundary is a place where the file can be cut and continued.
 */
public class CsvWindowWriter implements ItemStreamWriter<ExportRecord> {

	public static final String OFFSET = "writer.offset";

	private static final CSVFormat CSV = CSVFormat.RFC4180;

	private final Path part;

	private final Compression compression;

	private final List<String> header;

	private FileChannel channel;

	private long offset;

	private long written;

	public CsvWindowWriter(Path part, Compression compression, List<String> header) {
		this.part = part;
		this.compression = compression;
		this.header = List.copyOf(header);
	}

	@Override
	public void open(ExecutionContext context) {
		try {
			if (context.containsKey(OFFSET)) {
				resume(context.getLong(OFFSET), context.getLong(WindowCounts.WRITTEN));
			}
			else {
				Files.createDirectories(this.part.getParent());
				this.channel = FileChannel.open(this.part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						StandardOpenOption.TRUNCATE_EXISTING);
				appendSection((printer) -> printer.printRecord(this.header));
			}
		}
		catch (IOException ex) {
			throw new ItemStreamException("cannot open " + this.part + ": " + ex.getMessage(), ex);
		}
	}

	private void resume(long committed, long committedRecords) throws IOException {
		if (!Files.isRegularFile(this.part) || Files.size(this.part) < committed) {
			throw new ItemStreamException("cannot resume " + this.part + ": the checkpoint says " + committed
					+ " bytes were committed but the file is " + (Files.isRegularFile(this.part)
							? Files.size(this.part) + " bytes" : "missing")
					+ "; it was changed outside logtally, so this window cannot be resumed exactly");
		}
		this.channel = FileChannel.open(this.part, StandardOpenOption.WRITE);
		this.channel.truncate(committed);
		this.channel.position(committed);
		this.offset = committed;
		this.written = committedRecords;
	}

	@Override
	public void write(Chunk<? extends ExportRecord> chunk) throws IOException {
		if (chunk.isEmpty()) {
			return;
		}
		appendSection((printer) -> {
			for (ExportRecord record : chunk) {
				printer.printRecord(record.values());
			}
		});
		this.written += chunk.size();
	}

	private void appendSection(Section section) throws IOException {
		OutputStream file = new FilterOutputStream(Channels.newOutputStream(this.channel)) {
			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				this.out.write(bytes, offset, length);
			}

			@Override
			public void close() throws IOException {
				flush(); // the channel stays open for the next section
			}
		};
		OutputStream body = this.compression == Compression.GZIP ? new GZIPOutputStream(file, 64 * 1024)
				: new java.io.BufferedOutputStream(file, 64 * 1024);
		try (Writer writer = new OutputStreamWriter(body, StandardCharsets.UTF_8)) {
			CSVPrinter printer = new CSVPrinter(writer, CSV);
			section.printTo(printer);
			printer.flush();
		}
		this.channel.force(false);
		this.offset = this.channel.position();
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(OFFSET, this.offset);
		context.putLong(WindowCounts.WRITTEN, this.written);
	}

	@Override
	public void close() {
		if (this.channel != null) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.channel = null;
		}
	}

	@FunctionalInterface
	private interface Section {

		void printTo(CSVPrinter printer) throws IOException;

	}

}
