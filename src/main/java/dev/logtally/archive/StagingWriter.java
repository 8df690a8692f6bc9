package dev.logtally.archive;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.PartMark;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.WindowItem;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.tally.WindowCounts;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Appends a window's records to its staging file while the window is being read: as CSV when the records arrive in file
 * order ({@link RecordLayout#stagedAsCsv()}), otherwise one JSON object per line, rendered as CSV only when the window
 * is complete ({@link WindowObjectWriter}). A CSV's header is the layout's columns, written when the file is opened, or,
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
 *
 * <p>Records of a part that its reader reads again ({@link PartMark}) are taken back: the writer remembers where the
 * current part started (in memory with the digest at that point, and as {@value #PART_OFFSET},
 * {@value #PART_WRITTEN} and {@value #PART_COLUMNS} in the checkpoint), and {@link PartMark#REREAD} cuts the file back
 * there, whether the part's records are in this chunk or were committed before. The file then holds what a read that
 * never saw the part move would have written, byte for byte.
 */
public class StagingWriter implements ItemStreamWriter<WindowItem> {

	/** The staging file's length where the current part started. */
	static final String PART_OFFSET = "writer.partOffset";

	/** Records written before the current part started. */
	static final String PART_WRITTEN = "writer.partWritten";

	/** How many columns the file had where the current part started (records with columns of their own), -1 if none. */
	static final String PART_COLUMNS = "writer.partColumns";

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

	/** Where the current part started. */
	private PartStart partStart;

	/**
	 * The writer's state where a part started.
	 * @param columns how many columns the file had (records with columns of their own), -1 before its header
	 * @param digest what the digest had taken in there, when hashed and known in this process (after a restart it
	 *     is computed again from the file, once, if the part is read again)
	 */
	private record PartStart(long offset, long written, int columns, @Nullable MessageDigest digest) {
	}

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
				resume(WindowCounts.load(context).staging(), context.getLong(WindowCounts.WRITTEN), context);
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
				this.partStart = here();
			}
		}
		catch (IOException ex) {
			throw new ItemStreamException("cannot open " + this.staging + ": " + ex.getMessage(),
					FileSystemFault.writing(this.staging, ex));
		}
	}

	private void resume(WindowCounts.Staging checkpoint, long committedRecords, ExecutionContext context)
			throws IOException {
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
			this.digest = Sha256.digestOfFirst(this.staging, committed);
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
		// Absent in a checkpoint from before parts were read again: its reader never reads one again either.
		this.partStart = context.containsKey(PART_OFFSET)
				? new PartStart(context.getLong(PART_OFFSET), context.getLong(PART_WRITTEN), context.getInt(PART_COLUMNS),
						null)
				: here();
	}

	/** Appends a chunk; a failure is the disk's, named by the staging file (the JDK says "No space left" alone). */
	@Override
	public void write(Chunk<? extends WindowItem> chunk) {
		try {
			append(chunk);
		}
		catch (IOException ex) {
			throw FileSystemFault.writing(this.staging, ex);
		}
		catch (JacksonIOException ex) {
			// Jackson's generator wraps the channel's failure.
			throw ex.getCause() != null ? FileSystemFault.writing(this.staging, ex.getCause()) : ex;
		}
	}

	private void append(Chunk<? extends WindowItem> chunk) throws IOException {
		Appended appended = Appended.of(chunk.getItems());
		if (appended.rereadsPart()) {
			backToPartStart();
		}
		if (this.layout.stagedAsCsv()) {
			appendCsv(appended);
		}
		else {
			appendJson(appended);
		}
		this.channel.force(false);
		this.offset = this.channel.position();
	}

	/**
	 * A chunk with its part marks applied: the records to append, and where among them a part starts.
	 * @param partStartsAt the index of the record a part starts at ({@code records.size()} when it starts after them),
	 *     or -1 when none does
	 * @param rereadsPart whether the part that started before this chunk is read again, so that the file is cut back
	 *     to its start before the records are appended
	 */
	private record Appended(List<ExportRecord> records, int partStartsAt, boolean rereadsPart) {

		@SuppressWarnings("unchecked")
		static Appended of(List<? extends WindowItem> items) {
			int marks = 0;
			for (WindowItem item : items) {
				marks += item instanceof PartMark ? 1 : 0;
			}
			if (marks == 0) {
				// Every item is a record: the chunk's own list serves, unchanged (the common case, per record).
				return new Appended((List<ExportRecord>) items, -1, false);
			}
			List<ExportRecord> records = new ArrayList<>(items.size() - marks);
			int partStartsAt = -1;
			boolean rereadsPart = false;
			for (WindowItem item : items) {
				if (item instanceof ExportRecord record) {
					records.add(record);
				}
				else if (item == PartMark.START) {
					partStartsAt = records.size();
				}
				else if (partStartsAt >= 0) {
					records.subList(partStartsAt, records.size()).clear();
				}
				else {
					// The part began before this chunk: every record so far is the part's, and so is the file's tail.
					records.clear();
					rereadsPart = true;
				}
			}
			return new Appended(records, partStartsAt, rereadsPart);
		}

	}

	/** Cuts the file back to where the current part started, with the digest, count and columns it had there. */
	private void backToPartStart() throws IOException {
		PartStart start = this.partStart;
		this.channel.truncate(start.offset());
		this.channel.position(start.offset());
		this.offset = start.offset();
		this.written = start.written();
		if (this.hashed) {
			this.digest = start.digest() != null ? Sha256.copy(start.digest()) : Sha256.digestOfFirst(this.staging, start.offset());
			this.partStart = new PartStart(start.offset(), start.written(), start.columns(), Sha256.copy(this.digest));
		}
		if (this.layout.extraColumns()) {
			if (start.columns() < 0) {
				this.columns = null;
			}
			else {
				this.columns.keepFirst(start.columns());
			}
		}
	}

	/** The writer's state at the channel's position (what is buffered not counted). */
	private PartStart here() throws IOException {
		return new PartStart(this.channel.position(), this.written, this.columns == null ? -1 : this.columns.list().size(),
				this.digest == null ? null : Sha256.copy(this.digest));
	}

	private CsvRowBuffer csvRows() {
		return new CsvRowBuffer(OpenChannelOutputStream.of(this.channel), this.digest);
	}

	private void appendCsv(Appended appended) throws IOException {
		List<ExportRecord> records = appended.records();
		int partStartsAt = appended.partStartsAt();
		try (CsvRowBuffer rows = csvRows()) {
			if (this.columns == null && !records.isEmpty()) {
				if (partStartsAt == 0) {
					// A part that starts the file: read again, it may bring other keys, so the header goes back too.
					startPart(rows);
					partStartsAt = -1;
				}
				this.columns = StagingColumns.first(this.layout, records);
				rows.printRow(this.columns.list());
			}
			for (int i = 0; i < records.size(); i++) {
				if (i == partStartsAt) {
					startPart(rows);
				}
				rows.printRow(this.columns.row(records.get(i)));
				this.written++;
			}
			if (partStartsAt == records.size()) {
				startPart(rows);
			}
		}
	}

	private void appendJson(Appended appended) throws IOException {
		List<ExportRecord> records = appended.records();
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(),
				OpenChannelOutputStream.of(this.channel))) {
			for (int i = 0; i < records.size(); i++) {
				if (i == appended.partStartsAt()) {
					startPart(json);
				}
				// One JSON object per line: JSON escapes CR and LF inside values, so a line is a record.
				json.writeStartObject();
				for (Map.Entry<String, String> field : records.get(i).fields().entrySet()) {
					json.writeStringProperty(field.getKey(), field.getValue());
				}
				json.writeEndObject();
				json.writeRaw('\n');
				this.written++;
			}
			if (appended.partStartsAt() == records.size()) {
				startPart(json);
			}
		}
	}

	/** A part starts here: what is buffered goes to the file first, so that the file's length is the part's start. */
	private void startPart(Flushable buffered) throws IOException {
		buffered.flush();
		this.partStart = here();
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
		context.putLong(PART_OFFSET, this.partStart.offset());
		context.putLong(PART_WRITTEN, this.partStart.written());
		context.putInt(PART_COLUMNS, this.partStart.columns());
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
