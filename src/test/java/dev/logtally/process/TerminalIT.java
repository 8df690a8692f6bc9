package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import dev.logtally.testing.TmuxTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar on a real terminal (a tmux pseudo-terminal), as an operator runs it by hand: the live progress is shown
 * while the run goes on, Ctrl-C stops it at a chunk boundary as SIGTERM does, and the screen ends with the table and
 * the report, every log line whole, with its date and zone, and no progress frame left anywhere. With standard error
 * sent to a file, the file gets log lines only.
 */
class TerminalIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDterm", "SCF_KEY", "term-key");

	/** A console log line: date, time and zone offset first. */
	private static final Pattern LOG_LINE = Pattern
		.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{2}:\\d{2} (INFO |WARN |ERROR) .*");

	private static final Duration LIMIT = Duration.ofSeconds(120);

	private static ScfEmulator emulator;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandbox() {
		emulator = ScfEmulator.builder()
			.credential("AKIDterm", "term-key")
			.dataset(ScfDataset.builder(25)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 3_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(3 * 86_400), 2_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterEach
	void releaseTheSandbox() {
		emulator.faults().reset();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void ctrlCWithTheProgressShownStopsAtAChunkBoundaryAndLeavesTheTableAndTheReportOnACleanScreen()
			throws IOException {
		Path spec = spec(this.dir);
		Path home = this.dir.resolve("home");
		// The preflight and a few pages, then the run waits on the sandbox with the progress shown. A day of fn-a is 20
		// pages of 50 and one of fn-b 14, so no window can finish before the hold: every one stops or never starts.
		emulator.faults().holdAfter(12);
		try (TmuxTerminal terminal = TmuxTerminal.start(this.dir, ENVIRONMENT, args(spec, home, "2026-11-04"), "")) {
			terminal.awaitScreen((row) -> row.matches(".*/6 \\(.* [1-9][\\d,]* records read.*"),
					"the live progress of the run's 6 windows, records read", LIMIT);

			terminal.sendKeys("C-c");
			terminal.awaitScreen((row) -> row.contains("logtally: SIGINT: stopping at the next chunk boundary"),
					"that the run stops at the next chunk boundary", LIMIT);
			emulator.faults().release();
			int exit = terminal.waitFor(LIMIT);

			List<String> screen = terminal.screen();
			String shown = String.join("\n", screen);
			assertThat(exit).as(shown).isEqualTo(130);
			assertThat(shown).containsPattern("6 windows: \\d STOPPED, \\d NOT_STARTED;")
				.containsPattern("run \\d+ STOPPED by SIGINT")
				.contains("Report: " + home.resolve("reports/terminal"));
			assertThat(screen).as("no progress frame is left on the screen, glued to a line or after the table")
				.noneMatch((row) -> row.contains("records read") || row.matches(".*windows +(\\?|\\d+) ?%.*"));
			assertThat(screen.stream().filter((row) -> row.contains(" INFO ")).toList()).as(shown)
				.isNotEmpty()
				.allMatch((row) -> LOG_LINE.matcher(row).matches());
		}
		assertThat(lastReport(home).get("exitCode").asInt()).isEqualTo(130);
		CliRun status = CliRun.of("status", "--job", spec.toString(), "--home", home.toString());
		assertThat(status.out()).as(status.output()).containsPattern("STOPPED +130 ");
	}

	@Test
	void withStandardErrorSentToAFileOnATerminalTheFileGetsLogLinesAndNoProgressFrames() throws IOException {
		Path spec = spec(this.dir);
		Path home = this.dir.resolve("home");
		Path errors = this.dir.resolve("errors.log");
		try (TmuxTerminal terminal = TmuxTerminal.start(this.dir, ENVIRONMENT, args(spec, home, "2026-11-02"),
				"2>'" + errors + "'")) {
			int exit = terminal.waitFor(LIMIT);

			String shown = String.join("\n", terminal.screen());
			assertThat(exit).as(shown).isZero();
			assertThat(shown).contains("2 windows: 2 MATCHED;").doesNotContain("records read");
		}
		String written = Files.readString(errors);
		assertThat(written).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("records read");
		assertThat(written.lines().filter((line) -> line.contains(" INFO ")).toList()).isNotEmpty()
			.allMatch((line) -> LOG_LINE.matcher(line).matches());
	}

	/** The JSON report of the job's last run. */
	private static JsonNode lastReport(Path home) throws IOException {
		try (Stream<Path> files = Files.list(home.resolve("reports/terminal"))) {
			Path last = files.filter((file) -> file.toString().endsWith(".json"))
				.max(Comparator.naturalOrder())
				.orElseThrow();
			return JsonMapper.builder().build().readTree(last.toFile());
		}
	}

	/** Small pages: the run is still reading when Ctrl-C comes. */
	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("terminal")
			.destination(dir.resolve("archive"))
			.pageSize(50)
			.chunkSize(50)
			.concurrency(2)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path home, String to) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", to, "--home",
				home.toString());
	}

}
