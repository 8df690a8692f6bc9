package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar exporting two functions through the legacy SCF API while new logs keep arriving on top of their
 * listings, killed with SIGKILL mid-run and right after a restart: the finished archive is byte-identical to an
 * uninterrupted run, although every restart finds the window's logs at other offsets.
 */
class LegacyKillAndRestartIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant DAY_4 = DAY_1.plusSeconds(3 * 86_400);

	private static final Instant NOW = DAY_4.plusSeconds(86_400);

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDprocessLegacy", "SCF_KEY",
			"process-legacy-key");

	@TempDir
	static Path shared;

	private static ScfLegacyEmulator emulator;

	private static Path reference;

	private static int uninterruptedRequests;

	private static KillSwitch killSwitch;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		ScfDataset.Builder dataset = ScfDataset.builder(91)
			.function("default", "fn-a", DAY_1, DAY_4, 4_000)
			.function("default", "fn-b", DAY_1, DAY_4, 2_500)
			.function("default", "fn-a", DAY_4, NOW, 300);
		// Invocations during the runs: 25 more on top of each listing every 40 answers served.
		for (int served = 40; served <= 2_000; served += 40) {
			dataset.late("default", "fn-a", NOW.plusSeconds(served), 25, served)
				.late("default", "fn-b", NOW.plusSeconds(served), 25, served);
		}
		emulator = ScfLegacyEmulator.builder()
			.credential("AKIDprocessLegacy", "process-legacy-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		killSwitch = new KillSwitch(emulator::servedCount);
		emulator.onServed(killSwitch::served);
		reference = shared.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), args(spec(reference), reference.resolve("home")));
		assertThat(process.waitFor()).as(process.output()).isZero();
		uninterruptedRequests = emulator.servedCount() - before;
		for (String function : List.of("fn-a", "fn-b")) {
			assertThat(ArchiveFiles.rows(reference.resolve("archive"), "scf-test", function)).as(function)
				.isEqualTo(emulator.dataset()
					.logs("default", function)
					.stream()
					.filter((log) -> log.startTime().isBefore(DAY_4))
					.map(ArchiveFiles::expectedRow)
					.toList());
		}
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedMidRunAndRightAfterARestartItFinishesWithTheSameBytes() {
		Path spec = spec(this.dir);
		List<String> outputs = killSwitch.killAndRestart(
				List.of(uninterruptedRequests * 2 / 5, 3, uninterruptedRequests / 4),
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + attempt + ".out"), args(spec, this.dir.resolve("home"))));
		assertThat(outputs.get(outputs.size() - 1)).contains("6 windows: 6 MATCHED");
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("legacy-process")
			.sourceType("tencent-scf-legacy")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(250)
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
