package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;
import dev.logtally.jobspec.Compression;
import dev.logtally.tally.WindowCounts;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowObjectWriterTest {

	private static final RecordLayout FIXED = new RecordLayout(List.of("RequestId", "Log"), false);

	@TempDir
	Path dir;

	private LocalDirectoryStore store;

	private WindowObjectWriter publisher;

	@BeforeEach
	void openStore() {
		this.store = new LocalDirectoryStore(this.dir.resolve("archive"));
		this.publisher = new WindowObjectWriter(this.store);
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void rendersAHeaderAndHostileValuesThatReadBackByteForByte(Compression compression) throws Exception {
		WindowObjectWriter.Staged staging = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		String key = "w" + compression.extension();
		Path data = this.store.file(key);

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(staging, key, FIXED, compression);

		List<CSVRecord> rows = read(data, compression);
		assertThat(rows.get(0).toList()).containsExactly("RequestId", "Log");
		for (int i = 0; i < StagingWriterTest.HOSTILE.size(); i++) {
			assertThat(rows.get(i + 1).get(1)).isEqualTo(StagingWriterTest.HOSTILE.get(i));
		}
		assertThat(rows).hasSize(StagingWriterTest.HOSTILE.size() + 1);
		assertThat(file.sha256()).isEqualTo(Sha256.of(data));
		assertThat(file.bytes()).isEqualTo(Files.size(data));
		assertThat(Files.exists(staging.file())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2 })
	void givesRecordsWithDifferentKeysTheSortedUnionOfTheirKeysAfterTheLeadingColumns(int chunks) throws Exception {
		RecordLayout layout = new RecordLayout(List.of("__time__", "__source__", "__topic__"), true);
		List<ExportRecord> records = List.of(record(Map.of("__time__", "t1", "__source__", "s", "__topic__", "a",
				"zeta", "1", "level", "INFO")),
				record(Map.of("__time__", "t2", "__source__", "s", "__topic__", "", "中文键", "值",
						"key with, comma", "x", "level", "WARN")));
		// In one chunk the header has every key; in two, the second record's keys come after it was written.
		WindowObjectWriter.Staged staging = stage(layout, true, chunks == 1 ? List.of(new Chunk<>(records))
				: List.of(new Chunk<>(records.get(0)), new Chunk<>(records.get(1))));
		Path data = this.store.file("w.csv");

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(staging, "w.csv", layout, Compression.NONE);

		assertThat(file.columns()).containsExactly("__time__", "__source__", "__topic__", "key with, comma", "level",
				"zeta", "中文键");
		List<CSVRecord> rows = read(data, Compression.NONE);
		assertThat(rows.get(1).toList()).containsExactly("t1", "s", "a", "", "INFO", "1", "");
		assertThat(rows.get(2).toList()).containsExactly("t2", "s", "", "x", "WARN", "", "值");
	}

	@Test
	void writesRecordsHandedOnNewestFirstOldestFirst() throws Exception {
		WindowObjectWriter.Staged forward = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		Path expected = this.store.file("forward.csv");
		this.publisher.publishData(forward, "forward.csv", FIXED, Compression.NONE);
		List<ExportRecord> reversed = new java.util.ArrayList<>(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size())
			.getItems());
		java.util.Collections.reverse(reversed);
		RecordLayout newestFirst = FIXED.handedNewestFirst();
		WindowObjectWriter.Staged backward = stage(newestFirst, new Chunk<>(reversed));
		Path actual = this.store.file("backward.csv");

		this.publisher.publishData(backward, "backward.csv", newestFirst, Compression.NONE);

		assertThat(Files.readAllBytes(actual)).isEqualTo(Files.readAllBytes(expected));
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void aWindowStagedAsCsvPublishesTheBytesOfCommonsCsvsPrinter(Compression compression) throws Exception {
		Chunk<ExportRecord> records = StagingWriterTest.chunk(0, 3 * StagingWriterTest.HOSTILE.size());
		WindowObjectWriter.Staged csv = stage(FIXED, records);

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(csv, "copied" + compression.extension(), FIXED,
				compression);

		assertThat(content(this.store.file("copied" + compression.extension()), compression))
			.isEqualTo(reference(FIXED.leadingColumns(), records.getItems()));
		assertThat(file.columns()).isEqualTo(FIXED.leadingColumns());
		assertThat(file.records()).isEqualTo(records.size());
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void aWindowWhoseRecordsBroughtKeysAfterItsFirstChunkIsPublishedAsIfAllWereKnownFromTheStart(
			Compression compression) throws Exception {
		List<ExportRecord> records = new java.util.ArrayList<>();
		List<Chunk<ExportRecord>> chunks = new java.util.ArrayList<>();
		for (int chunk = 0; chunk < 6; chunk++) {
			List<ExportRecord> items = new java.util.ArrayList<>();
			for (int i = 0; i < 20; i++) {
				int n = chunk * 20 + i;
				Map<String, String> own = new java.util.TreeMap<>();
				own.put("Log", StagingWriterTest.HOSTILE.get(n % StagingWriterTest.HOSTILE.size()));
				// Keys that sort before, between and after the first chunk's; some records lack them.
				if (chunk >= 2 && n % 3 != 0) {
					own.put("Alpha", "a" + n);
				}
				if (chunk >= 4) {
					own.put("key, with \"quote\"", StagingWriterTest.HOSTILE.get((n + 5) % StagingWriterTest.HOSTILE.size()));
					own.put("中文键", "值" + n);
				}
				items.add(StagingWriterTest.keyed(n, own));
			}
			records.addAll(items);
			chunks.add(new Chunk<>(items));
		}
		RecordLayout layout = StagingWriterTest.OWN_COLUMNS;
		WindowObjectWriter.Staged staged = stage(layout, true, chunks);
		String key = "grown" + compression.extension();

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(staged, key, layout, compression);

		List<String> columns = List.of("RequestId", "Alpha", "Log", "key, with \"quote\"", "中文键");
		assertThat(file.columns()).isEqualTo(columns);
		assertThat(file.records()).isEqualTo(records.size());
		assertThat(content(this.store.file(key), compression)).isEqualTo(reference(columns, records));
		assertThat(file.sha256()).isEqualTo(Sha256.of(this.store.file(key)));
	}

	@Test
	void aWindowWithColumnsOfItsOwnAllInItsFirstChunkIsMovedIntoPlace() throws Exception {
		List<ExportRecord> records = List.of(StagingWriterTest.keyed(0, Map.of("b", "1", "a", "x,y")),
				StagingWriterTest.keyed(1, Map.of("a", "2")));
		WindowObjectWriter.Staged staged = stage(StagingWriterTest.OWN_COLUMNS, true,
				List.of(new Chunk<>(records), new Chunk<>(StagingWriterTest.keyed(2, Map.of("b", "3")))));
		Object stagedFile = Files.readAttributes(staged.file(), BasicFileAttributes.class).fileKey();

		this.publisher.publishData(staged, "w.csv", StagingWriterTest.OWN_COLUMNS, Compression.NONE);

		Path data = this.store.file("w.csv");
		assertThat(Files.readAttributes(data, BasicFileAttributes.class).fileKey()).isEqualTo(stagedFile);
		assertThat(Files.readString(data)).isEqualTo("RequestId,a,b\r\nid-0,\"x,y\",1\r\nid-1,2,\r\nid-2,,3\r\n");
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void anEmptyWindowWithColumnsOfItsOwnIsTheHeaderOfItsLeadingColumns(Compression compression) throws Exception {
		WindowObjectWriter.Staged staged = stage(StagingWriterTest.OWN_COLUMNS, true, List.of());

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(staged, "w" + compression.extension(),
				StagingWriterTest.OWN_COLUMNS, compression);

		assertThat(content(this.store.file("w" + compression.extension()), compression))
			.isEqualTo("RequestId\r\n".getBytes(StandardCharsets.UTF_8));
		assertThat(file.records()).isZero();
	}

	@Test
	void refusesAStagingFileWhoseHeaderDoesNotStartTheColumnsItsCheckpointNames() throws Exception {
		WindowObjectWriter.Staged staged = stage(StagingWriterTest.OWN_COLUMNS, true,
				List.of(new Chunk<>(StagingWriterTest.keyed(0, Map.of("a", "1"))),
						new Chunk<>(StagingWriterTest.keyed(1, Map.of("b", "2")))));
		String csv = Files.readString(staged.file());
		Files.writeString(staged.file(), csv.replaceFirst("RequestId,a", "RequestId,z"));

		assertThatThrownBy(() -> this.publisher.publishData(staged, "w.csv", StagingWriterTest.OWN_COLUMNS,
				Compression.NONE))
			.hasMessageContaining(staged.file().toString())
			.hasMessageContaining("[RequestId, z], which does not start the columns its checkpoint names");
		assertThat(this.store.stat("w.csv")).isEmpty();
	}

	@Test
	void aCsvHashedWhileStagedIsMovedIntoPlaceWithTheBytesAndHashOfACopy() throws Exception {
		Chunk<ExportRecord> records = StagingWriterTest.chunk(0, 3 * StagingWriterTest.HOSTILE.size());
		WindowObjectWriter.Staged copied = stage(FIXED, records);
		this.publisher.publishData(copied, "copied.csv", FIXED, Compression.NONE);
		WindowObjectWriter.Staged hashed = stage(StagingWriterTest.Staging.CSV_PUBLISHED_AS_IS, records);
		Object stagedFile = Files.readAttributes(hashed.file(), BasicFileAttributes.class).fileKey();

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(hashed, "moved.csv", FIXED, Compression.NONE);

		Path moved = this.store.file("moved.csv");
		// The same file (device and inode), so neither read nor written again: renamed.
		assertThat(Files.readAttributes(moved, BasicFileAttributes.class).fileKey()).isEqualTo(stagedFile);
		assertThat(Files.readAllBytes(moved)).isEqualTo(Files.readAllBytes(this.store.file("copied.csv")));
		assertThat(file.sha256()).isEqualTo(hashed.sha256()).isEqualTo(Sha256.of(moved));
		assertThat(file.bytes()).isEqualTo(Files.size(moved));
		assertThat(file.records()).isEqualTo(records.size());
		assertThat(file.columns()).isEqualTo(FIXED.leadingColumns());
		assertThat(Files.exists(hashed.file())).isFalse();
	}

	@Test
	void aCsvHashedWhileStagedButPublishedCompressedIsCompressed() throws Exception {
		WindowObjectWriter.Staged hashed = stage(StagingWriterTest.Staging.CSV_PUBLISHED_AS_IS,
				StagingWriterTest.chunk(0, 5));

		WindowObjectWriter.PublishedFile file = this.publisher.publishData(hashed, "w.csv.gz", FIXED, Compression.GZIP);

		assertThat(read(this.store.file("w.csv.gz"), Compression.GZIP)).hasSize(6);
		assertThat(file.sha256()).isEqualTo(Sha256.of(this.store.file("w.csv.gz")));
	}

	@Test
	void handsOnEveryRowOfAWindowStagedAsCsv() throws Exception {
		WindowObjectWriter.Staged staging = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		List<String> logs = new java.util.ArrayList<>();

		this.publisher.publishData(staging, "w.csv", FIXED, Compression.NONE, (row) -> logs.add(row.get("Log")),
				(sha256) -> {
				});

		assertThat(logs).isEqualTo(StagingWriterTest.HOSTILE);
	}

	@ParameterizedTest
	@EnumSource(value = StagingWriterTest.Staging.class, names = { "CSV_PUBLISHED_AS_IS", "CSV_COMPRESSED_LATER" })
	void refusesACsvStagingFileWithAnotherHeader(StagingWriterTest.Staging how) throws Exception {
		WindowObjectWriter.Staged staging = stage(how, StagingWriterTest.chunk(0, 3));
		String csv = Files.readString(staging.file());
		Files.writeString(staging.file(), csv.replaceFirst("RequestId,Log", "Log,RequestId"));

		assertThatThrownBy(() -> this.publisher.publishData(staging, "w.csv", FIXED, Compression.NONE))
			.hasMessageContaining(staging.file().toString())
			.hasMessageContaining("[Log, RequestId], not [RequestId, Log]");
		assertThat(this.store.stat("w.csv")).isEmpty();
	}

	@Test
	void publishingAgainAfterACrashGivesTheSameFileAndReadsItBack() throws Exception {
		WindowObjectWriter.Staged staging = stage(StagingWriterTest.chunk(0, 7));
		WindowObjectWriter.PublishedFile first = this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP);

		WindowObjectWriter.PublishedFile again = this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP);

		assertThat(again).isEqualTo(first);
	}

	@ParameterizedTest
	@EnumSource(value = StagingWriterTest.Staging.class, names = { "CSV_COMPRESSED_LATER", "JSON_LINES" })
	void refusesAStagingFileThatDoesNotHoldWhatTheCheckpointSays(StagingWriterTest.Staging staging) throws Exception {
		RecordLayout layout = staging.layout;
		WindowObjectWriter.Staged staged = stage(staging, StagingWriterTest.chunk(0, 3));
		WindowObjectWriter.Staged fourRecords = new WindowObjectWriter.Staged(staged.file(), 4, staged.bytes(), staged.sha256(),
				staged.columns());

		// Read row by row, the records are counted.
		assertThatThrownBy(() -> this.publisher.publishData(fourRecords, "w.csv", layout, Compression.NONE,
				(row) -> {
				}, (sha256) -> {
				}))
			.hasMessageContaining("holds 3 records but the window's checkpoint says 4");
		assertThat(this.store.stat("w.csv")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(StagingWriterTest.Staging.class)
	void refusesAStagingFileLongerOrShorterThanItsCheckpoint(StagingWriterTest.Staging staging) throws Exception {
		RecordLayout layout = staging.layout;
		WindowObjectWriter.Staged staged = stage(staging, StagingWriterTest.chunk(0, 3));
		Files.writeString(staged.file(), "x", java.nio.file.StandardOpenOption.APPEND);

		assertThatThrownBy(() -> this.publisher.publishData(staged, "w.csv", layout, Compression.NONE))
			.hasMessageContaining(staged.file() + " is " + (staged.bytes() + 1) + " bytes but the window's checkpoint "
					+ "says " + staged.bytes() + " were committed");
		assertThat(this.store.stat("w.csv")).isEmpty();
	}

	@Test
	void writesMegabyteFields() throws Exception {
		String big = "x\r\n\"".repeat(262_144);
		WindowObjectWriter.Staged staging = stage(new Chunk<>(record(Map.of("RequestId", "id", "Log", big))));
		this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP);

		assertThat(read(this.store.file("w.csv.gz"), Compression.GZIP).get(1).get(1)).isEqualTo(big);
	}

	private WindowObjectWriter.Staged stage(Chunk<ExportRecord> records) throws Exception {
		return stage(FIXED, records);
	}

	/** Stages the records as the export does for a compressed destination (no hash while staging). */
	private WindowObjectWriter.Staged stage(RecordLayout layout, Chunk<ExportRecord> records) throws Exception {
		Path file = stagingFile(layout);
		return stage(file, new StagingWriter(file, layout, false), records);
	}

	private WindowObjectWriter.Staged stage(StagingWriterTest.Staging staging, Chunk<ExportRecord> records)
			throws Exception {
		Path file = stagingFile(staging.layout);
		return stage(file, staging.writer(file), records);
	}

	private Path stagingFile(RecordLayout layout) {
		return this.dir.resolve(layout.stagedAsCsv() ? "w.staging.csv" : "w.staging.jsonl");
	}

	private WindowObjectWriter.Staged stage(RecordLayout layout, boolean publishedAsIs, List<Chunk<ExportRecord>> chunks)
			throws Exception {
		Path file = stagingFile(layout);
		return stage(file, new StagingWriter(file, layout, publishedAsIs), chunks);
	}

	private static WindowObjectWriter.Staged stage(Path file, StagingWriter writer, Chunk<ExportRecord> records)
			throws Exception {
		return stage(file, writer, List.of(records));
	}

	/** Stages the records as the export does, and describes the staging file as its checkpoint would. */
	private static WindowObjectWriter.Staged stage(Path file, StagingWriter writer, List<Chunk<ExportRecord>> chunks)
			throws Exception {
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		for (Chunk<ExportRecord> chunk : chunks) {
			writer.write(chunk);
			writer.update(checkpoint);
		}
		writer.update(checkpoint);
		writer.close();
		WindowCounts counts = WindowCounts.load(checkpoint);
		return WindowObjectWriter.Staged.of(file, counts);
	}

	private static ExportRecord record(Map<String, String> fields) {
		return new ExportRecord("k", 0, new LinkedHashMap<>(fields));
	}

	/** What commons-csv's own printer makes of the records in these columns, through a UTF-8 writer. */
	private static byte[] reference(List<String> columns, List<ExportRecord> records) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(
				new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
			printer.printRecord(columns);
			for (ExportRecord record : records) {
				printer.printRecord(columns.stream().map((column) -> record.fields().getOrDefault(column, "")).toList());
			}
		}
		return out.toByteArray();
	}

	private static byte[] content(Path file, Compression compression) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = compression == Compression.GZIP ? new GZIPInputStream(raw) : raw) {
			return in.readAllBytes();
		}
	}

	static List<CSVRecord> read(Path file, Compression compression) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = compression == Compression.GZIP ? new GZIPInputStream(raw) : raw) {
			return CSVFormat.RFC4180.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

}
