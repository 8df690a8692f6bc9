package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import dev.logtally.testing.TermSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar sent SIGTERM in the middle of an export: it stops at a chunk boundary, publishes the windows that were
 * complete, says how to resume and exits 143; the same command then finishes the run, and the archive is
 * byte-identical to an uninterrupted one. The windows it did not finish are STOPPED or NOT_STARTED, never FAILED, and
 * the run's report, metrics and {@code status} carry exit code 143.
 */
class GracefulStopIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDstop", "SCF_KEY", "stop-key");

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path reference;

	private static final TermSwitch termSwitch = new TermSwitch();

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = ScfEmulator.builder()
			.credential("AKIDstop", "stop-key")
			.dataset(ScfDataset.builder(23)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 6_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(3 * 86_400), 4_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		emulator.onServed(termSwitch::served);
		reference = shared.resolve("reference");
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), args(spec(reference), reference.resolve("home")));
		assertThat(process.waitFor()).as(process.output()).isZero();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void sigtermStopsAtAChunkBoundaryAndTheSameCommandFinishesWithTheSameBytes() {
		Path spec = spec(this.dir);
		int terminateAt = emulator.servedCount() + 25;
		LogtallyProcess first = termSwitch.arm(LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("first.out"), args(spec, this.dir.resolve("home"))), terminateAt);
		int exit = first.waitFor();

		assertThat(exit).as(first.output()).isEqualTo(143);
		assertThat(first.output()).contains("stopping at the next chunk boundary")
			.containsPattern("run \\d+ STOPPED by SIGTERM: .*; run the same command again to resume it");

		LogtallyProcess second = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("second.out"), args(spec, this.dir.resolve("home")));
		assertThat(second.waitFor()).as(second.output()).isZero();
		assertThat(second.output()).containsPattern("resuming run \\d+ of .* from its last checkpoints, as a new run");
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	/**
	 * Two windows are being read when SIGTERM comes, four have not started: none of them failed, and the table, the
	 * report, the metrics and {@code status} say so, with the process's exit code.
	 */
	@Test
	void windowsAStoppedRunDidNotFinishAreStoppedOrNotStartedNeverFailedAndStatusShowsTheRunStoppedWith143()
			throws IOException {
		Path spec = spec(this.dir);
		Path home = this.dir.resolve("home");
		int terminateAt = emulator.servedCount() + 25;
		LogtallyProcess first = termSwitch.arm(LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("first.out"), args(spec, home)), terminateAt);

		assertThat(first.waitFor()).as(first.output()).isEqualTo(143);
		String table = first.output();
		assertThat(table).containsPattern("6 windows: \\d STOPPED, \\d NOT_STARTED;")
			.containsPattern("STOPPED scf-test/fn-. \\[.*\\) read=[1-9]\\d* written=[1-9]\\d* so far")
			.doesNotContain("FAILED");
		JsonNode report = lastReport(home);
		assertThat(report.get("status").asString()).isEqualTo("STOPPED");
		assertThat(report.get("exitCode").asInt()).isEqualTo(143);
		assertThat(report.get("verdicts").properties()).extracting(Map.Entry::getKey)
			.containsExactly("STOPPED", "NOT_STARTED");
		assertThat(report.at("/verdicts/STOPPED").asInt() + report.at("/verdicts/NOT_STARTED").asInt()).isEqualTo(6);
		String metrics = Files.readString(home.resolve("metrics/graceful-stop.prom"));
		assertThat(metrics).contains("verdict=\"NOT_STARTED\"}")
			.contains("verdict=\"STOPPED\"}")
			.doesNotContain("verdict=\"FAILED\"")
			.contains("logtally_last_exit_code{logtally_job=\"graceful-stop\"} 143.0");
		assertThat(statusRows(spec, home)).singleElement(as(InstanceOfAssertFactories.STRING))
			.containsPattern("STOPPED +143 ")
			.contains("NOT_STARTED")
			.doesNotContain("FAILED");

		LogtallyProcess second = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("second.out"), args(spec, home));

		assertThat(second.waitFor()).as(second.output()).isZero();
		assertThat(second.output()).contains("6 windows: 6 MATCHED;");
		assertThat(statusRows(spec, home)).hasSize(2).last(as(InstanceOfAssertFactories.STRING))
			.containsPattern("COMPLETED +0 +6 MATCHED");
	}

	/** The JSON report of the job's last run. */
	private static JsonNode lastReport(Path home) throws IOException {
		try (Stream<Path> files = Files.list(home.resolve("reports/graceful-stop"))) {
			Path last = files.filter((file) -> file.toString().endsWith(".json"))
				.max(Comparator.naturalOrder())
				.orElseThrow();
			return JsonMapper.builder().build().readTree(last.toFile());
		}
	}

	/** The runs {@code logtally status} lists, one line each. */
	private static List<String> statusRows(Path spec, Path home) {
		CliRun status = CliRun.of("status", "--job", spec.toString(), "--home", home.toString());
		assertThat(status.exitCode()).as(status.output()).isZero();
		return status.out().lines().filter((line) -> line.contains(" export ")).toList();
	}

	/** Small pages at 20 requests a second: the run is still reading when the signal comes. */
	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("graceful-stop")
			.destination(dir.resolve("archive"))
			.pageSize(50)
			.chunkSize(50)
			.rateLimit(20)
			.concurrency(2)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path home) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-04", "--home",
				home.toString());
	}

}
