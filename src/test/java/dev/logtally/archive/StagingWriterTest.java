package dev.logtally.archive;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.PartMark;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.WindowItem;
import dev.logtally.tally.WindowCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per restart edge case, in the spirit of Spring Batch's FlatFileItemWriterTests, for every way a window is
 * staged: the CSV itself (columns known in advance), hashed as it is written when publication stores it as it is, and
 * JSON lines (records with columns of their own).
 */
class StagingWriterTest {

	static final RecordLayout CSV = new RecordLayout(List.of("RequestId", "Log"), false);

	/** Records handed on newest first (the legacy SCF API): staged as JSON lines. */
	static final RecordLayout JSON_LINES = new RecordLayout(List.of("RequestId", "Log"), false, true);

	/** Records with columns of their own (SLS): here {@code Log} and whatever else a record carries. */
	static final RecordLayout OWN_COLUMNS = new RecordLayout(List.of("RequestId"), true);

	static final List<String> HOSTILE = List.of("a,b", "say \"hi\"", "cr\ronly", "lf\nonly", "crlf\r\nboth",
			"=SUM(A1:A9)", "+1", "-1", "@cmd", "🚀 函数运行日志，错误", "tab\there", "trailing space ", "", "\\",
			"\u2028 line separator", "\u0000 nul");

	/** How a window is staged. */
	enum Staging {

		/** A CSV that publication stores as it is (uncompressed): hashed while it is written. */
		CSV_PUBLISHED_AS_IS(CSV, true),

		/** A CSV that publication compresses. */
		CSV_COMPRESSED_LATER(CSV, false),

		/** A CSV whose records have columns of their own, published as it is. */
		CSV_WITH_OWN_COLUMNS(OWN_COLUMNS, true),

		JSON_LINES(StagingWriterTest.JSON_LINES, false);

		final RecordLayout layout;

		final boolean publishedAsIs;

		Staging(RecordLayout layout, boolean publishedAsIs) {
			this.layout = layout;
			this.publishedAsIs = publishedAsIs;
		}

		StagingWriter writer(Path file) {
			return new StagingWriter(file, this.layout, this.publishedAsIs);
		}

	}

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aRestartAfterAnUncommittedChunkProducesTheSameBytesAsAnUninterruptedRun(Staging staging) throws Exception {
		Path reference = this.dir.resolve("reference");
		StagingWriter uninterrupted = staging.writer(reference);
		uninterrupted.open(new ExecutionContext());
		uninterrupted.write(chunk(0, 5));
		uninterrupted.write(chunk(5, 5));
		uninterrupted.write(chunk(10, 5));
		uninterrupted.close();

		Path file = this.dir.resolve("restarted");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = staging.writer(file);
		first.open(committed);
		first.write(chunk(0, 5));
		first.update(committed);
		first.write(chunk(5, 5)); // the process dies before this chunk commits
		first.write(chunk(10, 2));

		StagingWriter second = staging.writer(file);
		second.open(committed);
		second.write(chunk(5, 5));
		second.write(chunk(10, 5));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(reference));
		assertThat(end.getLong("writer.written")).isEqualTo(15);
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aRestartWhoseLastChunkWasShorterCutsTheLongerTailOff(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = staging.writer(file);
		first.open(committed);
		first.write(chunk(0, 2));
		first.update(committed);
		first.write(chunk(2, 10)); // uncommitted and longer than what the restart writes

		StagingWriter second = staging.writer(file);
		second.open(committed);
		second.write(chunk(2, 1));
		second.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(0, 2), chunk(2, 1)));
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aRestartBeforeTheFirstCommitStartsTheFileAfresh(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		StagingWriter first = staging.writer(file);
		first.open(new ExecutionContext());
		first.write(chunk(0, 3)); // never committed

		StagingWriter second = staging.writer(file);
		second.open(new ExecutionContext());
		second.write(chunk(0, 1));
		second.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(0, 1)));
	}

	@Test
	void aRestartAfterTheStepStartedButBeforeItsFirstChunkKeepsOneCsvHeader() throws Exception {
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		first.open(committed);
		first.update(committed); // Spring Batch saves the streams' state when the step starts
		first.write(chunk(0, 3)); // never committed

		StagingWriter second = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		second.open(committed);
		second.write(chunk(0, 2));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(Staging.CSV_PUBLISHED_AS_IS, chunk(0, 2)));
		assertThat(Files.readString(file)).startsWith("RequestId,Log\r\nid-0,");
		assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	@Test
	void anEmptyWindowStagedAsCsvIsItsHeader() throws Exception {
		Path file = this.dir.resolve("w.csv");
		StagingWriter writer = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		ExecutionContext end = new ExecutionContext();
		writer.open(end);
		writer.update(end);
		writer.close();

		assertThat(Files.readString(file)).isEqualTo("RequestId,Log\r\n");
		assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void refusesToResumeWhenTheStagingFileWasRemoved(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = staging.writer(file);
		first.open(committed);
		first.write(chunk(0, 3));
		first.update(committed);
		first.close();
		Files.delete(file);

		StagingWriter second = staging.writer(file);
		assertThatThrownBy(() -> second.open(committed)).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("missing");
	}

	@Test
	void keepsOneRecordPerLineWhateverTheValuesHoldWhenStagedAsJsonLines() throws Exception {
		Path file = this.dir.resolve("w.jsonl");
		StagingWriter writer = Staging.JSON_LINES.writer(file);
		writer.open(new ExecutionContext());
		writer.write(chunk(0, HOSTILE.size()));
		writer.close();

		assertThat(Files.readString(file).split("\n", -1)).hasSize(HOSTILE.size() + 1);
	}

	@Test
	void aCsvPublishedAsItIsCarriesTheSha256OfItsCommittedBytesInEveryCheckpoint() throws Exception {
		Path file = this.dir.resolve("w.csv");
		StagingWriter writer = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.write(chunk(0, HOSTILE.size()));
		writer.update(checkpoint);
		String afterFirstChunk = checkpoint.getString(WindowCounts.STAGED_SHA256);
		assertThat(afterFirstChunk).isEqualTo(Sha256.of(file));

		writer.write(chunk(HOSTILE.size(), 3));
		writer.update(checkpoint);
		writer.close();

		assertThat(checkpoint.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file))
			.isNotEqualTo(afterFirstChunk);
	}

	@ParameterizedTest
	@EnumSource(value = Staging.class, names = { "CSV_COMPRESSED_LATER", "JSON_LINES" })
	void aStagingFileThatPublicationRendersOrCompressesIsNotHashedWhileWritten(Staging staging) throws Exception {
		StagingWriter writer = staging.writer(this.dir.resolve("w"));
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.write(chunk(0, 3));
		writer.update(checkpoint);
		writer.close();

		assertThat(checkpoint.containsKey(WindowCounts.STAGED_SHA256)).isFalse();
	}

	@Test
	void aRestartHashesTheCommittedBytesAgainSoTheFinalSha256IsThatOfTheWholeFile() throws Exception {
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		first.open(committed);
		first.write(chunk(0, 4));
		first.update(committed);
		first.write(chunk(4, 4)); // never committed

		StagingWriter second = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		second.open(committed);
		second.write(chunk(4, 4));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	@Test
	void aCheckpointFromBeforeStagingFilesWereHashedResumesAndHashesTheFile() throws Exception {
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		first.open(committed);
		first.write(chunk(0, 4));
		first.update(committed);
		first.close();
		committed.remove(WindowCounts.STAGED_SHA256);

		StagingWriter second = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		second.open(committed);
		second.write(chunk(4, 2));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
		assertThat(Files.readAllBytes(file))
			.isEqualTo(uninterrupted(Staging.CSV_PUBLISHED_AS_IS, chunk(0, 4), chunk(4, 2)));
	}

	@Test
	void refusesToResumeWhenTheCommittedBytesWereChangedInPlace() throws Exception {
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		first.open(committed);
		first.write(chunk(0, 4));
		first.update(committed);
		first.close();
		// The same length, one byte different: the length alone cannot tell.
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap("X".getBytes()), 20);
		}

		StagingWriter second = Staging.CSV_PUBLISHED_AS_IS.writer(file);
		assertThatThrownBy(() -> second.open(committed)).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("SHA-256 differs");
	}

	@Test
	void aCsvWithColumnsOfItsOwnIsHeadedByTheFirstChunksKeysAndLaterKeysAddColumns() throws Exception {
		Path file = this.dir.resolve("w.csv");
		StagingWriter writer = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.update(checkpoint);
		assertThat(Files.size(file)).as("nothing before the first chunk").isZero();
		writer.write(new Chunk<>(keyed(0, Map.of("zeta", "1", "level", "INFO")), keyed(1, Map.of("level", "WARN"))));
		writer.update(checkpoint);
		assertThat(checkpoint.get(WindowCounts.STAGED_COLUMNS)).isEqualTo(List.of("RequestId", "level", "zeta"));
		writer.write(new Chunk<>(keyed(2, Map.of("beta", "b", "level", "", "中文键", "值")), keyed(3, Map.of())));
		writer.update(checkpoint);
		writer.close();

		assertThat(checkpoint.get(WindowCounts.STAGED_COLUMNS))
			.isEqualTo(List.of("RequestId", "level", "zeta", "beta", "中文键"));
		assertThat(Files.readString(file)).isEqualTo("RequestId,level,zeta\r\n" + "id-0,INFO,1\r\n" + "id-1,WARN,\r\n"
				+ "id-2,,,b,值\r\n" + "id-3,,,,\r\n");
		assertThat(checkpoint.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	@Test
	void aRestartForgetsTheColumnsAnUncommittedChunkAddedAndWritesTheBytesOfAnUninterruptedRun() throws Exception {
		Chunk<ExportRecord> first = new Chunk<>(keyed(0, Map.of("a", "1")));
		Chunk<ExportRecord> grows = new Chunk<>(keyed(1, Map.of("b", "2")));
		Chunk<ExportRecord> instead = new Chunk<>(keyed(1, Map.of("a", "3")), keyed(2, Map.of("c", "4")));
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter killed = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		killed.open(committed);
		killed.write(first);
		killed.update(committed);
		killed.write(grows); // adds column b, never committed

		StagingWriter restarted = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		restarted.open(committed);
		restarted.write(instead);
		ExecutionContext end = new ExecutionContext();
		restarted.update(end);
		restarted.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(Staging.CSV_WITH_OWN_COLUMNS, first, instead));
		assertThat(end.get(WindowCounts.STAGED_COLUMNS)).isEqualTo(List.of("RequestId", "a", "c"));
		assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	@Test
	void aRestartBeforeTheFirstChunkOfACsvWithColumnsOfItsOwnCommittedStartsItAfresh() throws Exception {
		Path file = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter killed = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		killed.open(committed);
		killed.update(committed); // Spring Batch saves the streams' state when the step starts
		killed.write(new Chunk<>(keyed(0, Map.of("b", "never committed"))));

		StagingWriter restarted = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		restarted.open(committed);
		restarted.write(new Chunk<>(keyed(0, Map.of("a", "1"))));
		restarted.close();

		assertThat(Files.readString(file)).isEqualTo("RequestId,a\r\nid-0,1\r\n");
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aPartReadAgainWithinOneChunkLeavesTheBytesOfAReadThatNeverSawItMove(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		StagingWriter writer = staging.writer(file);
		ExecutionContext end = new ExecutionContext();
		writer.open(end);
		writer.write(chunk(0, 3));
		writer.write(items(PartMark.START, chunk(3, 2), PartMark.REREAD, chunk(13, 3)));
		writer.update(end);
		writer.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(0, 3), chunk(13, 3)));
		assertThat(end.getLong(WindowCounts.WRITTEN)).isEqualTo(6);
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aPartReadAgainAfterSomeOfItWasCommittedIsCutBackToWhereItStarted(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		StagingWriter writer = staging.writer(file);
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.write(items(chunk(0, 3), PartMark.START, chunk(3, 2)));
		writer.update(checkpoint);
		writer.write(chunk(5, 4));
		writer.update(checkpoint);
		writer.write(items(chunk(9, 1), PartMark.REREAD, chunk(20, 2)));
		writer.write(chunk(22, 3));
		writer.update(checkpoint);
		writer.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(0, 3), chunk(20, 5)));
		assertThat(checkpoint.getLong(WindowCounts.WRITTEN)).isEqualTo(8);
		if (staging.publishedAsIs) {
			assertThat(checkpoint.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
		}
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aRestartBetweenAPartsStartAndItsReadAgainCutsBackToTheStartTheCheckpointKept(Staging staging)
			throws Exception {
		Path file = this.dir.resolve("w");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter killed = staging.writer(file);
		killed.open(committed);
		killed.write(items(chunk(0, 3), PartMark.START, chunk(3, 4)));
		killed.update(committed);
		killed.write(chunk(7, 2)); // never committed

		StagingWriter restarted = staging.writer(file);
		restarted.open(committed);
		restarted.write(items(PartMark.REREAD, chunk(30, 3)));
		restarted.write(items(chunk(33, 1), PartMark.START, chunk(34, 1)));
		ExecutionContext end = new ExecutionContext();
		restarted.update(end);
		restarted.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(0, 3), chunk(30, 5)));
		assertThat(end.getLong(WindowCounts.WRITTEN)).isEqualTo(8);
		if (staging.publishedAsIs) {
			assertThat(end.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
		}
	}

	@ParameterizedTest
	@EnumSource(Staging.class)
	void aWindowReadAgainBeforeAnyPartStartedGoesBackToTheFilesStart(Staging staging) throws Exception {
		Path file = this.dir.resolve("w");
		StagingWriter writer = staging.writer(file);
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.write(chunk(0, 4));
		writer.update(checkpoint);
		writer.write(items(chunk(4, 1), PartMark.REREAD, chunk(10, 2)));
		writer.update(checkpoint);
		writer.close();

		assertThat(Files.readAllBytes(file)).isEqualTo(uninterrupted(staging, chunk(10, 2)));
		assertThat(checkpoint.getLong(WindowCounts.WRITTEN)).isEqualTo(2);
	}

	@Test
	void aPartReadAgainForgetsTheColumnsItsRecordsAddedAndAFirstPartItsHeader() throws Exception {
		Path file = this.dir.resolve("w.csv");
		StagingWriter writer = Staging.CSV_WITH_OWN_COLUMNS.writer(file);
		ExecutionContext checkpoint = new ExecutionContext();
		writer.open(checkpoint);
		writer.write(items(PartMark.START, keyed(0, Map.of("a", "1")), keyed(1, Map.of("z", "2"))));
		writer.update(checkpoint);
		writer.write(items(keyed(2, Map.of("b", "2")), PartMark.REREAD, keyed(0, Map.of("a", "3"))));
		writer.update(checkpoint);
		writer.write(items(PartMark.START, keyed(1, Map.of("c", "4")), PartMark.REREAD, keyed(1, Map.of("a", "5"))));
		writer.update(checkpoint);
		writer.close();

		assertThat(Files.readString(file)).isEqualTo("RequestId,a\r\nid-0,3\r\nid-1,5\r\n");
		assertThat(checkpoint.get(WindowCounts.STAGED_COLUMNS)).isEqualTo(List.of("RequestId", "a"));
		assertThat(checkpoint.getString(WindowCounts.STAGED_SHA256)).isEqualTo(Sha256.of(file));
	}

	/** Records and marks in the order given; a chunk stands for its records. */
	static Chunk<WindowItem> items(Object... parts) {
		List<WindowItem> items = new ArrayList<>();
		for (Object part : parts) {
			if (part instanceof Chunk<?> chunk) {
				chunk.forEach((record) -> items.add((WindowItem) record));
			}
			else {
				items.add((WindowItem) part);
			}
		}
		return new Chunk<>(items);
	}

	/** A record with a request id and the fields given. */
	static ExportRecord keyed(int i, Map<String, String> own) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("RequestId", "id-" + i);
		fields.putAll(new java.util.TreeMap<>(own));
		return new ExportRecord("id-" + i, i, fields);
	}

	@SafeVarargs
	private byte[] uninterrupted(Staging staging, Chunk<ExportRecord>... chunks) throws Exception {
		Path reference = Files.createTempFile(this.dir, "reference", "");
		StagingWriter writer = staging.writer(reference);
		writer.open(new ExecutionContext());
		for (Chunk<ExportRecord> chunk : chunks) {
			writer.write(chunk);
		}
		writer.close();
		return Files.readAllBytes(reference);
	}

	static Chunk<ExportRecord> chunk(int from, int count) {
		List<ExportRecord> records = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("RequestId", "id-" + i);
			fields.put("Log", HOSTILE.get(i % HOSTILE.size()));
			records.add(new ExportRecord("id-" + i, i, fields));
		}
		return new Chunk<>(records);
	}

}
