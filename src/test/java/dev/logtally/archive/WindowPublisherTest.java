package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;
import dev.logtally.spec.Compression;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowPublisherTest {

	private static final RecordLayout FIXED = new RecordLayout(List.of("RequestId", "Log"), false);

	@TempDir
	Path dir;

	private LocalDirectoryStore store;

	private WindowPublisher publisher;

	@BeforeEach
	void openStore() {
		this.store = new LocalDirectoryStore(this.dir.resolve("archive"));
		this.publisher = new WindowPublisher(this.store);
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void rendersAHeaderAndHostileValuesThatReadBackByteForByte(Compression compression) throws Exception {
		Path staging = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		String key = "w" + compression.extension();
		Path data = this.store.file(key);

		WindowPublisher.PublishedFile file = this.publisher.publishData(staging, key, FIXED, compression,
				StagingWriterTest.HOSTILE.size());

		List<CSVRecord> rows = read(data, compression);
		assertThat(rows.get(0).toList()).containsExactly("RequestId", "Log");
		for (int i = 0; i < StagingWriterTest.HOSTILE.size(); i++) {
			assertThat(rows.get(i + 1).get(1)).isEqualTo(StagingWriterTest.HOSTILE.get(i));
		}
		assertThat(rows).hasSize(StagingWriterTest.HOSTILE.size() + 1);
		assertThat(file.sha256()).isEqualTo(WindowPublisher.sha256(data));
		assertThat(file.bytes()).isEqualTo(Files.size(data));
		assertThat(Files.exists(staging)).isFalse();
	}

	@Test
	void givesRecordsWithDifferentKeysTheSortedUnionOfTheirKeysAfterTheLeadingColumns() throws Exception {
		RecordLayout layout = new RecordLayout(List.of("__time__", "__source__", "__topic__"), true);
		Path staging = stage(layout, new Chunk<>(record(Map.of("__time__", "t1", "__source__", "s", "__topic__", "a",
				"zeta", "1", "level", "INFO")),
				record(Map.of("__time__", "t2", "__source__", "s", "__topic__", "", "中文键", "值",
						"key with, comma", "x", "level", "WARN"))));
		Path data = this.store.file("w.csv");

		WindowPublisher.PublishedFile file = this.publisher.publishData(staging, "w.csv", layout, Compression.NONE, 2);

		assertThat(file.columns()).containsExactly("__time__", "__source__", "__topic__", "key with, comma", "level",
				"zeta", "中文键");
		List<CSVRecord> rows = read(data, Compression.NONE);
		assertThat(rows.get(1).toList()).containsExactly("t1", "s", "a", "", "INFO", "1", "");
		assertThat(rows.get(2).toList()).containsExactly("t2", "s", "", "x", "WARN", "", "值");
	}

	@Test
	void writesRecordsHandedOnNewestFirstOldestFirst() throws Exception {
		Path forward = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		Path expected = this.store.file("forward.csv");
		this.publisher.publishData(forward, "forward.csv", FIXED, Compression.NONE, StagingWriterTest.HOSTILE.size());
		List<ExportRecord> reversed = new java.util.ArrayList<>(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size())
			.getItems());
		java.util.Collections.reverse(reversed);
		RecordLayout newestFirst = FIXED.handedNewestFirst();
		Path backward = stage(newestFirst, new Chunk<>(reversed));
		Path actual = this.store.file("backward.csv");

		this.publisher.publishData(backward, "backward.csv", newestFirst, Compression.NONE,
				StagingWriterTest.HOSTILE.size());

		assertThat(Files.readAllBytes(actual)).isEqualTo(Files.readAllBytes(expected));
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void aWindowStagedAsCsvPublishesTheBytesARenderedWindowWould(Compression compression) throws Exception {
		Chunk<ExportRecord> records = StagingWriterTest.chunk(0, 3 * StagingWriterTest.HOSTILE.size());
		// Same columns, but records may carry their own, so this window is staged as JSON lines and rendered.
		RecordLayout rendered = new RecordLayout(FIXED.leadingColumns(), true);
		Path json = stage(rendered, records);
		this.publisher.publishData(json, "rendered" + compression.extension(), rendered, compression,
				records.size());
		Path csv = stage(FIXED, records);

		WindowPublisher.PublishedFile file = this.publisher.publishData(csv, "copied" + compression.extension(), FIXED,
				compression, records.size());

		assertThat(Files.readAllBytes(this.store.file("copied" + compression.extension())))
			.isEqualTo(Files.readAllBytes(this.store.file("rendered" + compression.extension())));
		assertThat(file.columns()).isEqualTo(FIXED.leadingColumns());
		assertThat(file.records()).isEqualTo(records.size());
	}

	@Test
	void handsOnEveryRowOfAWindowStagedAsCsv() throws Exception {
		Path staging = stage(StagingWriterTest.chunk(0, StagingWriterTest.HOSTILE.size()));
		List<String> logs = new java.util.ArrayList<>();

		this.publisher.publishData(staging, "w.csv", FIXED, Compression.NONE, StagingWriterTest.HOSTILE.size(),
				(row) -> logs.add(row.get("Log")), (sha256) -> {
				});

		assertThat(logs).isEqualTo(StagingWriterTest.HOSTILE);
	}

	@Test
	void refusesACsvStagingFileWithAnotherHeader() throws Exception {
		Path staging = stage(StagingWriterTest.chunk(0, 3));
		String csv = Files.readString(staging);
		Files.writeString(staging, csv.replaceFirst("RequestId,Log", "Log,RequestId"));

		assertThatThrownBy(() -> this.publisher.publishData(staging, "w.csv", FIXED, Compression.NONE, 3))
			.hasMessageContaining(staging.toString())
			.hasMessageContaining("[Log, RequestId], not [RequestId, Log]");
		assertThat(this.store.stat("w.csv")).isEmpty();
	}

	@Test
	void publishingAgainAfterACrashGivesTheSameFileAndReadsItBack() throws Exception {
		Path staging = stage(StagingWriterTest.chunk(0, 7));
		WindowPublisher.PublishedFile first = this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP,
				7);

		WindowPublisher.PublishedFile again = this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP,
				7);

		assertThat(again).isEqualTo(first);
	}

	@Test
	void refusesAStagingFileThatDoesNotHoldWhatTheCheckpointSays() throws Exception {
		Path staging = stage(StagingWriterTest.chunk(0, 3));

		assertThatThrownBy(() -> this.publisher.publishData(staging, "w.csv", FIXED, Compression.NONE, 4))
			.hasMessageContaining("holds 3 records but the window's checkpoint says 4");
	}

	@Test
	void writesMegabyteFields() throws Exception {
		String big = "x\r\n\"".repeat(262_144);
		Path staging = stage(new Chunk<>(record(Map.of("RequestId", "id", "Log", big))));
		this.publisher.publishData(staging, "w.csv.gz", FIXED, Compression.GZIP, 1);

		assertThat(read(this.store.file("w.csv.gz"), Compression.GZIP).get(1).get(1)).isEqualTo(big);
	}

	private Path stage(Chunk<ExportRecord> records) throws Exception {
		return stage(FIXED, records);
	}

	private Path stage(RecordLayout layout, Chunk<ExportRecord> records) throws Exception {
		Path staging = this.dir.resolve(layout.stagedAsCsv() ? "w.staging.csv" : "w.staging.jsonl");
		StagingWriter writer = new StagingWriter(staging, layout);
		writer.open(new ExecutionContext());
		writer.write(records);
		writer.close();
		return staging;
	}

	private static ExportRecord record(Map<String, String> fields) {
		return new ExportRecord("k", 0, new LinkedHashMap<>(fields));
	}

	static List<CSVRecord> read(Path file, Compression compression) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = compression == Compression.GZIP ? new GZIPInputStream(raw) : raw) {
			return CSVFormat.RFC4180.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

}
