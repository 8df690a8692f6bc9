package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SlsSpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar exporting an SLS logstore whose ties SLS reorders on every request and whose pages answer Incomplete,
 * killed with SIGKILL mid-run and right after a restart: the finished archive is byte-identical to an uninterrupted
 * run.
 */
class SlsKillAndRestartIT {

	private static final Instant START = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SLS_ID", "LTAIprocess", "SLS_SECRET",
			"process-secret");

	@TempDir
	static Path shared;

	private static SlsEmulator emulator;

	private static Path reference;

	private static int uninterruptedRequests;

	private static KillSwitch killSwitch;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = SlsEmulator.builder()
			.credential("LTAIprocess", "process-secret")
			.dataset(SlsDataset.builder(77)
				.logstore("demo-project", "app-log", START, START.plusSeconds(3 * 3_600), 40_000)
				.burst("demo-project", "app-log", START.plusSeconds(5_000), 2_000)
				.identical("demo-project", "app-log", 10)
				.build())
			.build()
			.start();
		emulator.faults().incompleteRepeats(1, 2);
		killSwitch = new KillSwitch(emulator::servedCount);
		emulator.onServed(killSwitch::served);
		reference = shared.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), args(spec(reference), reference.resolve("home")));
		assertThat(process.waitFor()).as(process.output()).isZero();
		uninterruptedRequests = emulator.servedCount() - before;
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedMidRunAndRightAfterARestartItFinishesWithTheSameBytes() {
		Path spec = spec(this.dir);
		killSwitch.killAndRestart(List.of(uninterruptedRequests * 2 / 5, 3, uninterruptedRequests / 4),
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + attempt + ".out"), args(spec, this.dir.resolve("home"))));
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	private static Path spec(Path dir) {
		return SlsSpecBuilder.forEndpoint(emulator.endpoint())
			.name("sls-process")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(250)
			.credentialVariables("SLS_ID", "SLS_SECRET")
			.logstore("app-log")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path home) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to", "2026-11-01T03:00",
				"--home", home.toString());
	}

}
