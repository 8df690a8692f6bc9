package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import dev.logtally.reconcile.WindowCounts;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Appends a window's records to its staging file while the window is being read: as CSV when the records arrive in file
 * order ({@link RecordLayout#stagedAsCsv()}), otherwise one JSON object per line, rendered as CSV only when the window
 * is complete ({@link WindowPublisher}). A CSV's header is the layout's columns, written when the file is opened, or,
 * with columns of the records' own (SLS), the keys of the first chunk, which later keys extend
 * ({@link StagingColumns}; {@value WindowCounts#STAGED_COLUMNS} holds them).
 *
 * <p>The staging file is the window's restart state on disk: its byte length at the last chunk commit is
 * {@value WindowCounts#STAGED_BYTES}. Each chunk is appended and forced to disk before the chunk's transaction commits; a restarted
 * step truncates the file back to the committed length and appends again, so the file ends byte-identical to one
 * written without interruption.
 *
 * <p>A staging file that will be published as it is (a CSV stored uncompressed) is hashed as it is written, and the
 * SHA-256 of the committed bytes is {@value WindowCounts#STAGED_SHA256}: publication then moves the file into place
 * instead of reading it again (issue 8). A restarted step hashes the committed bytes again and refuses a file whose
 * hash is not the checkpoint's.
 */
public class StagingWriter implements ItemStreamWriter<ExportRecord> {

	/** No separator between root values: each record ends with its own newline. */
	private static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator((String) null).build();

	private final Path staging;

	private final RecordLayout layout;

	private final boolean hashed;

	private FileChannel channel;

	/** The SHA-256 of the bytes written so far, when {@code hashed}. */
	private @Nullable MessageDigest digest;

	/** The CSV's columns, once known: with columns of the records' own, from the first chunk on. */
	private @Nullable StagingColumns columns;

	private long offset;

	private long written;

	/**
	 * @param publishedAsIs whether publication stores the staging file as it is (a CSV layout, uncompressed): only then
	 *     is it hashed while it is written
	 */
	public StagingWriter(Path staging, RecordLayout layout, boolean publishedAsIs) {
		this.staging = staging;
		this.layout = layout;
		this.hashed = publishedAsIs && layout.stagedAsCsv();
	}

	@Override
	public void open(ExecutionContext context) {
		try {
			if (context.containsKey(WindowCounts.STAGED_BYTES)) {
				resume(WindowCounts.load(context).staging(), context.getLong(WindowCounts.WRITTEN));
			}
			else {
				Files.createDirectories(this.staging.getParent());
				this.channel = FileChannel.open(this.staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						StandardOpenOption.TRUNCATE_EXISTING);
				this.digest = this.hashed ? Sha256.newDigest() : null;
				if (this.layout.stagedAsCsv() && !this.layout.extraColumns()) {
					// The header counts as committed from the start: a restart before the first chunk keeps it.
					this.columns = StagingColumns.of(this.layout);
					try (CsvRowBuffer rows = csvRows()) {
						rows.printRow(this.columns.list());
					}
					this.channel.force(false);
					this.offset = this.channel.position();
				}
			}
		}
		catch (IOException ex) {
			throw new ItemStreamException("cannot open " + this.staging + ": " + ex.getMessage(), ex);
		}
	}

	private void resume(WindowCounts.Staging checkpoint, long committedRecords) throws IOException {
		long committed = checkpoint.bytes();
		String committedSha256 = checkpoint.sha256();
		if (!Files.isRegularFile(this.staging) || Files.size(this.staging) < committed) {
			throw new ItemStreamException("cannot resume " + this.staging + ": the checkpoint says " + committed
					+ " bytes were committed but the file is "
					+ (Files.isRegularFile(this.staging) ? Files.size(this.staging) + " bytes" : "missing")
					+ "; it was changed outside logtally, so this window cannot be resumed exactly");
		}
		this.channel = FileChannel.open(this.staging, StandardOpenOption.WRITE);
		this.channel.truncate(committed);
		if (this.hashed) {
			// Read once per restart: what a digest has taken in cannot be stored in the checkpoint, only its result.
			this.digest = Sha256.newDigest();
			try (InputStream committedBytes = Files.newInputStream(this.staging)) {
				committedBytes.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), this.digest));
			}
			// Absent in a checkpoint from before staging files were hashed: nothing to compare, the file is hashed now.
			if (committedSha256 != null && !committedSha256.equals(Sha256.hex(this.digest))) {
				throw new ItemStreamException("cannot resume " + this.staging + ": its first " + committed
						+ " bytes are not those the checkpoint committed (their SHA-256 differs); it was changed "
						+ "outside logtally, so this window cannot be resumed exactly");
			}
		}
		this.channel.position(committed);
		this.offset = committed;
		this.written = committedRecords;
		if (this.layout.stagedAsCsv()) {
			// With columns of the records' own, none are known before the first chunk commits.
			this.columns = !this.layout.extraColumns() ? StagingColumns.of(this.layout)
					: checkpoint.columns().isEmpty() ? null : new StagingColumns(this.layout, checkpoint.columns());
		}
	}

	@Override
	public void write(Chunk<? extends ExportRecord> chunk) throws IOException {
		if (chunk.isEmpty()) {
			return;
		}
		if (this.layout.stagedAsCsv()) {
			appendCsv(chunk);
		}
		else {
			appendJson(chunk);
		}
		this.channel.force(false);
		this.offset = this.channel.position();
		this.written += chunk.size();
	}

	private CsvRowBuffer csvRows() {
		return new CsvRowBuffer(OpenChannelOutputStream.of(this.channel), this.digest);
	}

	private void appendCsv(Chunk<? extends ExportRecord> chunk) throws IOException {
		try (CsvRowBuffer rows = csvRows()) {
			if (this.columns == null) {
				this.columns = StagingColumns.first(this.layout, chunk);
				rows.printRow(this.columns.list());
			}
			for (ExportRecord record : chunk) {
				rows.printRow(this.columns.row(record));
			}
		}
	}

	private void appendJson(Chunk<? extends ExportRecord> chunk) throws IOException {
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(),
				OpenChannelOutputStream.of(this.channel))) {
			for (ExportRecord record : chunk) {
				// One JSON object per line: JSON escapes CR and LF inside values, so a line is a record.
				json.writeStartObject();
				for (Map.Entry<String, String> field : record.fields().entrySet()) {
					json.writeStringProperty(field.getKey(), field.getValue());
				}
				json.writeEndObject();
				json.writeRaw('\n');
			}
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(WindowCounts.STAGED_BYTES, this.offset);
		context.putLong(WindowCounts.WRITTEN, this.written);
		if (this.digest != null) {
			context.putString(WindowCounts.STAGED_SHA256, Sha256.hex(this.digest));
		}
		if (this.layout.extraColumns() && this.columns != null) {
			context.put(WindowCounts.STAGED_COLUMNS, new ArrayList<>(this.columns.list()));
		}
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

}
