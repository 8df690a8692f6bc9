package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-format json}: the jar's log lines are JSON objects a log shipper can read, one per line. */
class JsonLogsIT {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void everyLineTheJarPrintsIsAJsonObjectAndWindowLinesCarryTheirFields() {
		String output = exportOneDay("--log-format", "json");

		// Every line, on both streams: the final table and the report line too, not only the log lines.
		List<JsonNode> lines = output.lines()
			.map((line) -> JsonMapper.builder().build().readTree(line))
			.toList();
		assertThat(lines).isNotEmpty()
			.allSatisfy((line) -> {
				assertThat(line.has("@timestamp")).as(line.toString()).isTrue();
				assertThat(line.at("/service/name").asString()).as(line.toString()).isEqualTo("logtally");
				assertThat(line.at("/service/version").asString()).as(line.toString()).isNotEmpty();
			});
		// The log line of the window as it finished, and its row of the final table: the same fields.
		assertThat(lines.stream()
			.filter((line) -> line.path("message").asString().startsWith(
					"MATCHED scf-test/fn-a [2026-10-31T16:00:00Z, 2026-11-01T16:00:00Z) expected=50")))
			.hasSize(2)
			.allSatisfy((line) -> {
				assertThat(line.at("/logtally/job").asString()).isEqualTo("test-export");
				assertThat(line.at("/logtally/run").asLong()).isPositive();
				assertThat(line.at("/logtally/source").asString()).isEqualTo("scf-test");
				assertThat(line.at("/logtally/target").asString()).isEqualTo("fn-a");
				assertThat(line.at("/logtally/window/start").asString()).isEqualTo("2026-10-31T16:00:00Z");
				assertThat(line.at("/logtally/window/end").asString()).isEqualTo("2026-11-01T16:00:00Z");
				assertThat(line.at("/logtally/verdict").asString()).isEqualTo("MATCHED");
				assertThat(line.at("/logtally/counts/expected").asLong()).isEqualTo(50);
				assertThat(line.at("/logtally/counts/read").asLong()).isEqualTo(50);
				assertThat(line.at("/logtally/counts/duplicates").asLong()).isZero();
				assertThat(line.at("/logtally/counts/written").asLong()).isEqualTo(50);
			});
		assertThat(output).doesNotContain("json-key").doesNotContain(LOGBACK_WARNING);
	}

	@Test
	void plainLogsStartWithoutLoggingConfigurationWarnings() {
		assertThat(exportOneDay()).contains("INFO  MATCHED scf-test/fn-a").doesNotContain(LOGBACK_WARNING);
	}

	/** Logback's own status lines: printed on every start when the logging configuration has a flaw. */
	private static final String LOGBACK_WARNING = "|-WARN in";

	/** Exports one day of one function with the jar and returns what it printed. */
	private String exportOneDay(String... options) {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDjson", "json-key")
			.dataset(ScfDataset.builder(2).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(86_400), 50).build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialVariables("SCF_ID", "SCF_KEY")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from",
					"2026-11-01", "--to", "2026-11-02", "--home", this.dir.resolve("home").toString()));
			args.addAll(List.of(options));
			LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(),
					Map.of("SCF_ID", "AKIDjson", "SCF_KEY", "json-key"), this.dir.resolve("out"), args);
			assertThat(process.waitFor()).as(process.output()).isZero();
			return process.output();
		}
	}

}
