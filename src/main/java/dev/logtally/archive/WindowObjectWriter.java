package dev.logtally.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.logtally.source.RecordLayout;
import dev.logtally.jobspec.Compression;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.tally.WindowCounts;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Publishes a finished window into its {@link ArchiveStore}: renders its staging file as CSV into a scratch file,
 * stores it under its final key, then the manifest. The store makes each object appear whole or not at all.
 *
 * <p>Idempotent, so it can be repeated after a crash at any point: while the staging file exists the CSV is rendered
 * and stored again (the same staging bytes give the same CSV bytes); once it is gone, the stored object is read back
 * as it is.
 */
public final class WindowObjectWriter {

	private static final CSVFormat CSV = CsvRowBuffer.FORMAT;

	/** For a caller that wants no rows, where the rows are read anyway. */
	private static final Consumer<Map<String, String>> IGNORE_ROWS = (row) -> {
	};

	private static final JsonFactory JSON = new JsonFactory();

	private final ArchiveStore store;

	public WindowObjectWriter(ArchiveStore store) {
		this.store = store;
	}

	/** A published data object's header, size and hash. */
	public record PublishedFile(String key, List<String> columns, long records, long bytes, String sha256) {

		/** The object's name within its folder, as manifests refer to it. */
		public String name() {
			return this.key.substring(this.key.lastIndexOf('/') + 1);
		}

	}

	/**
	 * A window's staging file as its checkpoint describes it.
	 * @param records the records the writer committed: the file must hold exactly these
	 * @param bytes the file's length at the writer's last commit: the file must be exactly this long
	 * @param sha256 the SHA-256 of those bytes when the writer hashed them ({@link StagingWriter}), else {@code null}
	 * @param columns a CSV's columns in the order its rows hold them, when the records have columns of their own
	 *     ({@link StagingColumns}); empty otherwise
	 */
	public record Staged(Path file, long records, long bytes, @Nullable String sha256, List<String> columns) {

		public Staged {
			columns = List.copyOf(columns);
		}

		/** The staging file as the writer's checkpoint describes it. */
		public static Staged of(Path file, WindowCounts counts) {
			return new Staged(file, counts.written(), counts.staging().bytes(), counts.staging().sha256(),
					counts.staging().columns());
		}

	}

	/**
	 * @throws IllegalStateException if neither the staging file nor the data object exists, or the staging file
	 *     disagrees with its checkpoint
	 */
	public PublishedFile publishData(Staged staged, String dataKey, RecordLayout layout, Compression compression) {
		return publishData(staged, dataKey, layout, compression, null, (sha256) -> {
		});
	}

	/**
	 * @param eachRow sees every published row, column to value, in order, whether the CSV is rendered now or read back;
	 *     {@code null} when no row is needed, so that a window staged as its CSV is stored without being parsed
	 * @param beforeReplace given the new CSV's SHA-256 once it is rendered and before it replaces the object at
	 *     {@code dataKey}: where the previous version is kept (not called when the CSV was published before a crash)
	 */
	public PublishedFile publishData(Staged staged, String dataKey, RecordLayout layout, Compression compression,
			@Nullable Consumer<Map<String, String>> eachRow, Consumer<String> beforeReplace) {
		Path staging = staged.file();
		try {
			if (Files.exists(staging)) {
				checkLength(staged);
				PublishedFile published = layout.stagedAsCsv()
						? publishCsv(staged, dataKey, layout, compression, eachRow, beforeReplace)
						: render(staged, dataKey, compression, (body) -> renderJsonLines(staging, layout, body,
								eachRow == null ? IGNORE_ROWS : eachRow), beforeReplace);
				// A store that moved the file into place, or uploaded and removed it, left nothing to delete.
				Files.deleteIfExists(staging);
				LocalDirectoryStore.forceDirectory(staging.getParent());
				return published;
			}
			if (this.store.stat(dataKey).isEmpty()) {
				throw new IllegalStateException("neither " + staging + " nor " + this.store.describe(dataKey)
						+ " exists: the window's output was removed outside logtally");
			}
			return readBack(dataKey, compression, eachRow == null ? IGNORE_ROWS : eachRow);
		}
		catch (IOException ex) {
			throw publishFailure(staging, dataKey, ex);
		}
		catch (JacksonIOException ex) {
			// Jackson's generator wraps the failure of the file it renders to.
			if (ex.getCause() != null) {
				throw publishFailure(staging, dataKey, ex.getCause());
			}
			throw ex;
		}
	}

	/** The disk's fault where its cause is known (a full disk while rendering next to the staging file), named. */
	private UncheckedIOException publishFailure(Path staging, String dataKey, IOException failure) {
		return FileSystemFault.of(staging.getParent(), failure)
			.map(UncheckedIOException.class::cast)
			.orElseGet(() -> new UncheckedIOException(
					"cannot publish " + this.store.describe(dataKey) + ": " + failure.getMessage(), failure));
	}

	/**
	 * Stores a file the window archived whole (an RDS audit-log file), staged at {@code staged}; once it is stored and
	 * the staged copy gone, it must be in the store already.
	 */
	public void publishFile(Path staged, String key, String sha256) {
		if (Files.exists(staged)) {
			this.store.put(key, staged, sha256);
		}
		else if (this.store.stat(key).isEmpty()) {
			throw new IllegalStateException("neither " + staged + " nor " + this.store.describe(key)
					+ " exists: the window's output was removed outside logtally");
		}
	}

	public void writeManifest(String key, byte[] json) {
		this.store.put(key, json);
	}

	/**
	 * A window staged as CSV. When the staging file is the window's CSV (its header is the window's, which it always
	 * is without columns of the records' own), it is stored as it is: moved into place when it was hashed while written
	 * and is stored uncompressed, so its bytes are neither read nor written again (for a local directory a rename),
	 * otherwise copied or compressed. When keys appeared after its header was written, its rows are rendered again in
	 * the window's columns.
	 */
	private PublishedFile publishCsv(Staged staged, String dataKey, RecordLayout layout, Compression compression,
			@Nullable Consumer<Map<String, String>> eachRow, Consumer<String> beforeReplace) throws IOException {
		Path staging = staged.file();
		List<String> header;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staging), 64 * 1024)) {
			header = header(in);
		}
		List<String> columns = layout.extraColumns() ? layout.fileColumns(staged.columns()) : layout.leadingColumns();
		if (!layout.extraColumns() && !header.equals(columns)) {
			throw new IllegalStateException(staging + " is not this window's staging file: its header is " + header
					+ ", not " + columns);
		}
		boolean itsCsv = header.equals(columns) && (!layout.extraColumns() || staged.columns().equals(columns));
		if (!itsCsv) {
			return render(staged, dataKey, compression, (body) -> renderGrownCsv(staged, header, columns, body, eachRow),
					beforeReplace);
		}
		if (staged.sha256() != null && compression == Compression.NONE && eachRow == null) {
			beforeReplace.accept(staged.sha256());
			StoredObject stored = this.store.put(dataKey, staging, staged.sha256());
			return new PublishedFile(dataKey, columns, staged.records(), stored.bytes(), staged.sha256());
		}
		return render(staged, dataKey, compression, (body) -> copyCsv(staged, body, eachRow), beforeReplace);
	}

	private static void checkLength(Staged staged) throws IOException {
		long size = Files.size(staged.file());
		if (size != staged.bytes()) {
			throw new IllegalStateException(staged.file() + " is " + size + " bytes but the window's checkpoint says "
					+ staged.bytes() + " were committed: it was changed outside logtally");
		}
	}

	/** Writes a window's CSV into a stream that the caller compresses or not. */
	@FunctionalInterface
	private interface Rendering {

		CsvContent into(OutputStream body) throws IOException;

	}

	/** Renders the window's CSV into a scratch file and stores that. */
	private PublishedFile render(Staged staged, String dataKey, Compression compression, Rendering rendering,
			Consumer<String> beforeReplace) throws IOException {
		Path staging = staged.file();
		Path temporary = this.store.scratchFile(dataKey);
		MessageDigest sha256 = Sha256.newDigest();
		CsvContent content;
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			OutputStream file = new DigestOutputStream(OpenChannelOutputStream.of(channel), sha256);
			try (OutputStream body = compression == Compression.GZIP ? new GZIPOutputStream(file, 64 * 1024)
					: new BufferedOutputStream(file, 64 * 1024)) {
				content = rendering.into(body);
			}
			channel.force(true);
			if (content.records() != staged.records()) {
				throw new IllegalStateException(staging + " holds " + content.records() + " records but the "
						+ "window's checkpoint says " + staged.records() + " were written");
			}
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temporary);
			throw ex;
		}
		String hex = HexFormat.of().formatHex(sha256.digest());
		beforeReplace.accept(hex);
		StoredObject stored = this.store.put(dataKey, temporary, hex);
		return new PublishedFile(dataKey, content.columns(), content.records(), stored.bytes(), hex);
	}

	/** A CSV's header and its number of records. */
	private record CsvContent(List<String> columns, long records) {
	}

	/**
	 * A staging file that is the CSV already: copied as it is. It is parsed only when its rows are wanted; its length
	 * has been checked against the checkpoint, and its header by the caller.
	 */
	private static CsvContent copyCsv(Staged staged, OutputStream body, @Nullable Consumer<Map<String, String>> eachRow)
			throws IOException {
		Path staging = staged.file();
		CsvContent content;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staging), 64 * 1024)) {
			content = eachRow == null ? new CsvContent(header(in), staged.records()) : readCsv(in, eachRow);
		}
		Files.copy(staging, body);
		return content;
	}

	/**
	 * A staging CSV whose columns grew after its header was written ({@link StagingColumns}): each row holds the values
	 * of as many of the staged columns as there were when it was written, and is printed again in the window's columns.
	 * @param header the staging file's first row: the columns its first rows hold, the start of {@code staged.columns()}
	 */
	private static CsvContent renderGrownCsv(Staged staged, List<String> header, List<String> columns,
			OutputStream body, @Nullable Consumer<Map<String, String>> eachRow) throws IOException {
		List<String> stagedColumns = staged.columns();
		if (header.size() > stagedColumns.size() || !stagedColumns.subList(0, header.size()).equals(header)) {
			throw new IllegalStateException(staged.file() + " is not this window's staging file: its header is "
					+ header + ", which does not start the columns its checkpoint names, " + stagedColumns);
		}
		int[] position = new int[stagedColumns.size()];
		for (int i = 0; i < position.length; i++) {
			position[i] = columns.indexOf(stagedColumns.get(i));
		}
		long records = 0;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staged.file()), 64 * 1024);
				CsvRowBuffer rows = new CsvRowBuffer(body)) {
			var staging = CSV.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).iterator();
			if (staging.hasNext()) {
				staging.next(); // the header, replaced by the window's
			}
			rows.printRow(columns);
			String[] row = new String[columns.size()];
			while (staging.hasNext()) {
				CSVRecord stagedRow = staging.next();
				if (stagedRow.size() < header.size() || stagedRow.size() > stagedColumns.size()) {
					throw new IllegalStateException(staged.file() + " is not this window's staging file: row "
							+ (records + 1) + " holds " + stagedRow.size() + " values for " + stagedColumns.size()
							+ " columns");
				}
				Arrays.fill(row, "");
				for (int i = 0; i < stagedRow.size(); i++) {
					row[position[i]] = stagedRow.get(i);
				}
				rows.printRow(row);
				if (eachRow != null) {
					Map<String, String> fields = new LinkedHashMap<>();
					for (int i = 0; i < row.length; i++) {
						fields.put(columns.get(i), row[i]);
					}
					eachRow.accept(fields);
				}
				records++;
			}
		}
		return new CsvContent(columns, records);
	}

	private static List<String> header(InputStream in) throws IOException {
		var records = CSV.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).iterator();
		return records.hasNext() ? records.next().toList() : List.of();
	}

	private static CsvContent renderJsonLines(Path staging, RecordLayout layout, OutputStream body,
			Consumer<Map<String, String>> eachRow) throws IOException {
		List<String> columns = new ArrayList<>(layout.leadingColumns());
		if (layout.extraColumns()) {
			columns.addAll(extraColumns(staging, layout));
		}
		long[] records = { 0 };
		// Flushed, not closed: the caller finishes the body (a gzip trailer) and forces it to disk.
		try (CsvRowBuffer rows = new CsvRowBuffer(body)) {
			rows.printRow(columns);
			eachRecord(staging, layout.newestFirst(), (record) -> {
				try {
					for (String column : columns) {
						rows.print(record.getOrDefault(column, ""));
					}
					rows.endRow();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				eachRow.accept(record);
				records[0]++;
			});
		}
		return new CsvContent(columns, records[0]);
	}

	private PublishedFile readBack(String dataKey, Compression compression, Consumer<Map<String, String>> eachRow)
			throws IOException {
		try (DigestInputStream raw = new DigestInputStream(this.store.open(dataKey), Sha256.newDigest());
				CountingInputStream counted = new CountingInputStream(new BufferedInputStream(raw, 64 * 1024));
				InputStream in = compression == Compression.GZIP ? new GZIPInputStream(counted) : counted) {
			CsvContent content = readCsv(in, eachRow);
			// Whatever the parser left unread (a gzip trailer) still belongs to the object's bytes and hash.
			counted.transferTo(OutputStream.nullOutputStream());
			return new PublishedFile(dataKey, content.columns(), content.records(), counted.count(),
					HexFormat.of().formatHex(raw.getMessageDigest().digest()));
		}
	}

	/** Reads a CSV's header, then hands on each row, column to value. */
	private static CsvContent readCsv(InputStream in, Consumer<Map<String, String>> eachRow) throws IOException {
		var iterator = CSV.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).iterator();
		List<String> columns = iterator.hasNext() ? iterator.next().toList() : List.of();
		long records = 0;
		while (iterator.hasNext()) {
			CSVRecord record = iterator.next();
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < columns.size() && i < record.size(); i++) {
				row.put(columns.get(i), record.get(i));
			}
			eachRow.accept(row);
			records++;
		}
		return new CsvContent(columns, records);
	}

	/**
	 * The names of the staged records' own fields, sorted. Only names are read: their values are skipped undecoded,
	 * which keeps this first pass over the file a fraction of the second (docs/BENCHMARKS.md).
	 */
	private static TreeSet<String> extraColumns(Path staging, RecordLayout layout) throws IOException {
		Set<String> leading = Set.copyOf(layout.leadingColumns());
		TreeSet<String> extra = new TreeSet<>();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staging), 64 * 1024);
				JsonParser json = JSON.createParser(ObjectReadContext.empty(), in)) {
			JsonToken token;
			while ((token = json.nextToken()) != null) {
				if (token == JsonToken.PROPERTY_NAME && !leading.contains(json.currentName())) {
					extra.add(json.currentName());
				}
			}
		}
		return extra;
	}

	/**
	 * Reads the staging file's records, one JSON object per line, without holding more than one; in reverse when the
	 * source handed them on newest first.
	 */
	private static void eachRecord(Path staging, boolean reversed, Consumer<Map<String, String>> action)
			throws IOException {
		if (reversed) {
			eachRecordReversed(staging, action);
			return;
		}
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staging));
				JsonParser json = JSON.createParser(ObjectReadContext.empty(), in)) {
			while (json.nextToken() != null) {
				action.accept(record(staging, json));
			}
		}
	}

	/**
	 * Lines from the last to the first. JSON escapes line breaks inside values and UTF-8 never uses the byte 0x0A inside
	 * a character, so the line starts found by scanning for it are exactly the records' starts.
	 */
	private static void eachRecordReversed(Path staging, Consumer<Map<String, String>> action) throws IOException {
		long[] starts = new long[1024];
		int lines = 0;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(staging), 64 * 1024)) {
			long position = 0;
			boolean lineStart = true;
			int b;
			while ((b = in.read()) >= 0) {
				if (lineStart) {
					if (lines == starts.length) {
						starts = Arrays.copyOf(starts, lines * 2);
					}
					starts[lines++] = position;
					lineStart = false;
				}
				position++;
				if (b == '\n') {
					lineStart = true;
				}
			}
		}
		try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.READ)) {
			long end = channel.size();
			for (int i = lines - 1; i >= 0; i--) {
				ByteBuffer line = ByteBuffer.allocate((int) (end - starts[i]));
				while (line.hasRemaining() && channel.read(line, starts[i] + line.position()) >= 0) {
					// read the whole line
				}
				end = starts[i];
				try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), line.array())) {
					json.nextToken();
					action.accept(record(staging, json));
				}
			}
		}
	}

	/** The record whose opening brace the parser stands on. */
	private static Map<String, String> record(Path staging, JsonParser json) {
		if (json.currentToken() != JsonToken.START_OBJECT) {
			throw new IllegalStateException(staging + " is not a staging file: " + json.currentToken() + " at "
					+ json.currentLocation());
		}
		Map<String, String> record = new LinkedHashMap<>();
		while (json.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = json.currentName();
			json.nextToken();
			record.put(name, json.getString());
		}
		return record;
	}

}
