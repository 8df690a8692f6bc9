package dev.logtally.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.RecordLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per restart edge case, in the spirit of Spring Batch's FlatFileItemWriterTests, for both staging formats:
 * the CSV itself (columns known in advance) and JSON lines (records with columns of their own).
 */
class StagingWriterTest {

	static final RecordLayout CSV = new RecordLayout(List.of("RequestId", "Log"), false);

	static final RecordLayout JSON_LINES = new RecordLayout(List.of("RequestId", "Log"), true);

	static final List<RecordLayout> LAYOUTS = List.of(CSV, JSON_LINES);

	static final List<String> HOSTILE = List.of("a,b", "say \"hi\"", "cr\ronly", "lf\nonly", "crlf\r\nboth",
			"=SUM(A1:A9)", "+1", "-1", "@cmd", "🚀 函数运行日志，错误", "tab\there", "trailing space ", "", "\\",
			"\u2028 line separator", "\u0000 nul");

	@TempDir
	Path dir;

	@ParameterizedTest
	@FieldSource("LAYOUTS")
	void aRestartAfterAnUncommittedChunkProducesTheSameBytesAsAnUninterruptedRun(RecordLayout layout)
			throws Exception {
		Path reference = this.dir.resolve("reference");
		StagingWriter uninterrupted = new StagingWriter(reference, layout);
		uninterrupted.open(new ExecutionContext());
		uninterrupted.write(chunk(0, 5));
		uninterrupted.write(chunk(5, 5));
		uninterrupted.write(chunk(10, 5));
		uninterrupted.close();

		Path staging = this.dir.resolve("restarted");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging, layout);
		first.open(committed);
		first.write(chunk(0, 5));
		first.update(committed);
		first.write(chunk(5, 5)); // the process dies before this chunk commits
		first.write(chunk(10, 2));

		StagingWriter second = new StagingWriter(staging, layout);
		second.open(committed);
		second.write(chunk(5, 5));
		second.write(chunk(10, 5));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(Files.readAllBytes(staging)).isEqualTo(Files.readAllBytes(reference));
		assertThat(end.getLong("writer.written")).isEqualTo(15);
	}

	@ParameterizedTest
	@FieldSource("LAYOUTS")
	void aRestartWhoseLastChunkWasShorterCutsTheLongerTailOff(RecordLayout layout) throws Exception {
		Path staging = this.dir.resolve("w");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging, layout);
		first.open(committed);
		first.write(chunk(0, 2));
		first.update(committed);
		first.write(chunk(2, 10)); // uncommitted and longer than what the restart writes

		StagingWriter second = new StagingWriter(staging, layout);
		second.open(committed);
		second.write(chunk(2, 1));
		second.close();

		assertThat(Files.readAllBytes(staging)).isEqualTo(uninterrupted(layout, chunk(0, 2), chunk(2, 1)));
	}

	@ParameterizedTest
	@FieldSource("LAYOUTS")
	void aRestartBeforeTheFirstCommitStartsTheFileAfresh(RecordLayout layout) throws Exception {
		Path staging = this.dir.resolve("w");
		StagingWriter first = new StagingWriter(staging, layout);
		first.open(new ExecutionContext());
		first.write(chunk(0, 3)); // never committed

		StagingWriter second = new StagingWriter(staging, layout);
		second.open(new ExecutionContext());
		second.write(chunk(0, 1));
		second.close();

		assertThat(Files.readAllBytes(staging)).isEqualTo(uninterrupted(layout, chunk(0, 1)));
	}

	@Test
	void aRestartAfterTheStepStartedButBeforeItsFirstChunkKeepsOneCsvHeader() throws Exception {
		Path staging = this.dir.resolve("w.csv");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging, CSV);
		first.open(committed);
		first.update(committed); // Spring Batch saves the streams' state when the step starts
		first.write(chunk(0, 3)); // never committed

		StagingWriter second = new StagingWriter(staging, CSV);
		second.open(committed);
		second.write(chunk(0, 2));
		second.close();

		assertThat(Files.readAllBytes(staging)).isEqualTo(uninterrupted(CSV, chunk(0, 2)));
		assertThat(Files.readString(staging)).startsWith("RequestId,Log\r\nid-0,");
	}

	@Test
	void anEmptyWindowStagedAsCsvIsItsHeader() throws Exception {
		Path staging = this.dir.resolve("w.csv");
		StagingWriter writer = new StagingWriter(staging, CSV);
		writer.open(new ExecutionContext());
		writer.close();

		assertThat(Files.readString(staging)).isEqualTo("RequestId,Log\r\n");
	}

	@ParameterizedTest
	@FieldSource("LAYOUTS")
	void refusesToResumeWhenTheStagingFileWasRemoved(RecordLayout layout) throws Exception {
		Path staging = this.dir.resolve("w");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging, layout);
		first.open(committed);
		first.write(chunk(0, 3));
		first.update(committed);
		first.close();
		Files.delete(staging);

		StagingWriter second = new StagingWriter(staging, layout);
		assertThatThrownBy(() -> second.open(committed)).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining(staging.toString())
			.hasMessageContaining("missing");
	}

	@Test
	void keepsOneRecordPerLineWhateverTheValuesHoldWhenStagedAsJsonLines() throws Exception {
		Path staging = this.dir.resolve("w.jsonl");
		StagingWriter writer = new StagingWriter(staging, JSON_LINES);
		writer.open(new ExecutionContext());
		writer.write(chunk(0, HOSTILE.size()));
		writer.close();

		assertThat(Files.readString(staging).split("\n", -1)).hasSize(HOSTILE.size() + 1);
	}

	@SafeVarargs
	private byte[] uninterrupted(RecordLayout layout, Chunk<ExportRecord>... chunks) throws Exception {
		Path reference = Files.createTempFile(this.dir, "reference", "");
		StagingWriter writer = new StagingWriter(reference, layout);
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
