package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.logtally.source.ExportRecord;
import dev.logtally.spec.Compression;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per restart edge case, in the spirit of Spring Batch's FlatFileItemWriterTests. */
class CsvWindowWriterTest {

	private static final List<String> HEADER = List.of("RequestId", "Log");

	private static final List<String> HOSTILE = List.of("a,b", "say \"hi\"", "cr\ronly", "lf\nonly", "crlf\r\nboth",
			"=SUM(A1:A9)", "+1", "-1", "@cmd", "🚀 函数运行日志，错误", "tab\there", "trailing space ", "", "\\");

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Compression.class)
	void writesAHeaderAndHostileValuesThatReadBackByteForByte(Compression compression) throws IOException {
		Path part = this.dir.resolve("w.part");
		CsvWindowWriter writer = new CsvWindowWriter(part, compression, HEADER);
		writer.open(new ExecutionContext());
		writer.write(chunk(0, HOSTILE.size()));
		writer.close();

		List<CSVRecord> rows = read(part, compression);
		assertThat(rows.get(0).toList()).isEqualTo(HEADER);
		for (int i = 0; i < HOSTILE.size(); i++) {
			assertThat(rows.get(i + 1).get(1)).isEqualTo(HOSTILE.get(i));
		}
		assertThat(rows).hasSize(HOSTILE.size() + 1);
	}

	@ParameterizedTest
	@EnumSource(Compression.class)
	void aRestartAfterAnUncommittedChunkProducesTheSameBytesAsAnUninterruptedRun(Compression compression)
			throws Exception {
		Path reference = this.dir.resolve("reference.part");
		CsvWindowWriter uninterrupted = new CsvWindowWriter(reference, compression, HEADER);
		uninterrupted.open(new ExecutionContext());
		uninterrupted.write(chunk(0, 5));
		uninterrupted.write(chunk(5, 5));
		uninterrupted.write(chunk(10, 5));
		uninterrupted.close();

		Path part = this.dir.resolve("restarted.part");
		ExecutionContext committed = new ExecutionContext();
		CsvWindowWriter first = new CsvWindowWriter(part, compression, HEADER);
		first.open(committed);
		first.write(chunk(0, 5));
		first.update(committed);
		first.write(chunk(5, 5)); // the process dies before this chunk commits
		first.write(chunk(10, 2));

		CsvWindowWriter second = new CsvWindowWriter(part, compression, HEADER);
		second.open(committed);
		second.write(chunk(5, 5));
		second.write(chunk(10, 5));
		ExecutionContext end = new ExecutionContext();
		second.update(end);
		second.close();

		assertThat(Files.readAllBytes(part)).isEqualTo(Files.readAllBytes(reference));
		assertThat(end.getLong("writer.written")).isEqualTo(15);
	}

	@Test
	void aRestartBeforeTheFirstCommitStartsTheFileAfresh() throws Exception {
		Path part = this.dir.resolve("w.part");
		CsvWindowWriter first = new CsvWindowWriter(part, Compression.NONE, HEADER);
		first.open(new ExecutionContext());
		first.write(chunk(0, 3)); // never committed

		CsvWindowWriter second = new CsvWindowWriter(part, Compression.NONE, HEADER);
		second.open(new ExecutionContext());
		second.write(chunk(0, 1));
		second.close();

		assertThat(read(part, Compression.NONE)).hasSize(2);
	}

	@Test
	void refusesToResumeWhenThePartialFileWasRemoved() throws Exception {
		Path part = this.dir.resolve("w.part");
		ExecutionContext committed = new ExecutionContext();
		CsvWindowWriter first = new CsvWindowWriter(part, Compression.NONE, HEADER);
		first.open(committed);
		first.write(chunk(0, 3));
		first.update(committed);
		first.close();
		Files.delete(part);

		CsvWindowWriter second = new CsvWindowWriter(part, Compression.NONE, HEADER);
		assertThatThrownBy(() -> second.open(committed)).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining(part.toString())
			.hasMessageContaining("missing");
	}

	@Test
	void writesMegabyteFields() throws Exception {
		Path part = this.dir.resolve("w.part");
		String big = "x\r\n\"".repeat(262_144);
		CsvWindowWriter writer = new CsvWindowWriter(part, Compression.GZIP, HEADER);
		writer.open(new ExecutionContext());
		writer.write(new Chunk<>(new ExportRecord("k", 0, List.of("id", big))));
		writer.close();

		assertThat(read(part, Compression.GZIP).get(1).get(1)).isEqualTo(big);
	}

	private static Chunk<ExportRecord> chunk(int from, int count) {
		List<ExportRecord> records = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			records.add(new ExportRecord("id-" + i, i, List.of("id-" + i, HOSTILE.get(i % HOSTILE.size()))));
		}
		return new Chunk<>(records);
	}

	static List<CSVRecord> read(Path file, Compression compression) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = compression == Compression.GZIP ? new GZIPInputStream(raw) : raw) {
			return CSVFormat.RFC4180.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

}
