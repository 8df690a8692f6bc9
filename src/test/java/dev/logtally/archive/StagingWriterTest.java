package dev.logtally.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per restart edge case, in the spirit of Spring Batch's FlatFileItemWriterTests. */
class StagingWriterTest {

	static final List<String> HOSTILE = List.of("a,b", "say \"hi\"", "cr\ronly", "lf\nonly", "crlf\r\nboth",
			"=SUM(A1:A9)", "+1", "-1", "@cmd", "🚀 函数运行日志，错误", "tab\there", "trailing space ", "", "\\",
			"\u2028 line separator", "\u0000 nul");

	@TempDir
	Path dir;

	@Test
	void aRestartAfterAnUncommittedChunkProducesTheSameBytesAsAnUninterruptedRun() throws Exception {
		Path reference = this.dir.resolve("reference.jsonl");
		StagingWriter uninterrupted = new StagingWriter(reference);
		uninterrupted.open(new ExecutionContext());
		uninterrupted.write(chunk(0, 5));
		uninterrupted.write(chunk(5, 5));
		uninterrupted.write(chunk(10, 5));
		uninterrupted.close();

		Path staging = this.dir.resolve("restarted.jsonl");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging);
		first.open(committed);
		first.write(chunk(0, 5));
		first.update(committed);
		first.write(chunk(5, 5)); // the process dies before this chunk commits
		first.write(chunk(10, 2));

		StagingWriter second = new StagingWriter(staging);
		second.open(committed);
		second.write(chunk(5, 5));
		second.write(chunk(10, 5));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(Files.readAllBytes(staging)).isEqualTo(Files.readAllBytes(reference));
		assertThat(end.getLong("writer.written")).isEqualTo(15);
	}

	@Test
	void aRestartWhoseLastChunkWasShorterCutsTheLongerTailOff() throws Exception {
		Path staging = this.dir.resolve("w.jsonl");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging);
		first.open(committed);
		first.write(chunk(0, 2));
		first.update(committed);
		first.write(chunk(2, 10)); // uncommitted and longer than what the restart writes

		StagingWriter second = new StagingWriter(staging);
		second.open(committed);
		second.write(chunk(2, 1));
		second.close();

		assertThat(Files.readAllLines(staging)).hasSize(3);
	}

	@Test
	void aRestartBeforeTheFirstCommitStartsTheFileAfresh() throws Exception {
		Path staging = this.dir.resolve("w.jsonl");
		StagingWriter first = new StagingWriter(staging);
		first.open(new ExecutionContext());
		first.write(chunk(0, 3)); // never committed

		StagingWriter second = new StagingWriter(staging);
		second.open(new ExecutionContext());
		second.write(chunk(0, 1));
		second.close();

		assertThat(Files.readAllLines(staging)).hasSize(1);
	}

	@Test
	void refusesToResumeWhenTheStagingFileWasRemoved() throws Exception {
		Path staging = this.dir.resolve("w.jsonl");
		ExecutionContext committed = new ExecutionContext();
		StagingWriter first = new StagingWriter(staging);
		first.open(committed);
		first.write(chunk(0, 3));
		first.update(committed);
		first.close();
		Files.delete(staging);

		StagingWriter second = new StagingWriter(staging);
		assertThatThrownBy(() -> second.open(committed)).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining(staging.toString())
			.hasMessageContaining("missing");
	}

	@Test
	void keepsOneRecordPerLineWhateverTheValuesHold() throws Exception {
		Path staging = this.dir.resolve("w.jsonl");
		StagingWriter writer = new StagingWriter(staging);
		writer.open(new ExecutionContext());
		writer.write(chunk(0, HOSTILE.size()));
		writer.close();

		assertThat(Files.readString(staging).split("\n", -1)).hasSize(HOSTILE.size() + 1);
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
