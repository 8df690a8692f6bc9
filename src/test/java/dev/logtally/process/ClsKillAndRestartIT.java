package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.sandbox.cls.ClsDataset;
import dev.logtally.sandbox.cls.ClsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.ClsSpecBuilder;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar exporting a CLS topic (three hourly windows, one of them beyond what one query's Contexts reach, with a
 * millisecond read in Context pages, logs stored twice), whose ties CLS reorders on every query, killed with SIGKILL
 * while it plans, in the middle of leaves and windows, right after a restart, and after the last answer while it
 * publishes: the finished archive is byte-identical to an uninterrupted run's, and no file is ever left partial under
 * its final name.
 */
class ClsKillAndRestartIT {

	private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

	private static final String TOPIC = "0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d";

	private static final Map<String, String> ENVIRONMENT = Map.of("CLS_ID", "AKIDclsProcess", "CLS_KEY",
			"cls-process-key");

	@TempDir
	static Path shared;

	private static ClsEmulator emulator;

	private static Path reference;

	private static int uninterruptedRequests;

	private static KillSwitch killSwitch;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = ClsEmulator.builder()
			.credential("AKIDclsProcess", "cls-process-key")
			.dataset(ClsDataset.builder(2027)
				.topic(TOPIC, START, START.plusSeconds(3 * 3_600), 6_000)
				.topic(TOPIC, START.plusSeconds(3_600), START.plusSeconds(2 * 3_600), 12_000)
				.burst(TOPIC, START.plusMillis(5_400_321), 1_400)
				.identical(TOPIC, 8)
				.build())
			.start();
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
	void killedWhilePlanningMidLeafAndRightAfterARestartItFinishesWithTheSameBytes() {
		Path spec = spec(this.dir);
		// 3: the probe's search and SQL count and the first histogram, while the windows are planned; then within and
		// between leaves.
		List<String> outputs = killSwitch.killAndRestart(
				List.of(3, uninterruptedRequests * 2 / 5, 4, uninterruptedRequests / 4),
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + attempt + ".out"), args(spec, this.dir.resolve("home"))));
		assertThat(String.join("\n", outputs)).contains("was left STARTED by a process that is gone");
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	@Test
	void killedAfterTheLastAnswerItLeavesNoPartialFileUnderAFinalNameAndPublishesTheSameBytes() {
		Path spec = spec(this.dir);
		killSwitch.killAfter(uninterruptedRequests, () -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("killed.out"), args(spec, this.dir.resolve("home"))));
		assertNoPartialFileUnderAFinalName(this.dir.resolve("archive"));

		LogtallyProcess restarted = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("restarted.out"), args(spec, this.dir.resolve("home")));
		assertThat(restarted.waitFor()).as(restarted.output()).isZero();
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	/** Every file under a final name is the reference's, byte for byte; anything else is a staging file. */
	private static void assertNoPartialFileUnderAFinalName(Path archive) {
		Map<String, byte[]> expected = ArchiveFiles.snapshot(reference.resolve("archive"));
		ArchiveFiles.snapshot(archive).forEach((name, bytes) -> {
			if (expected.containsKey(name)) {
				assertThat(bytes).as(name).isEqualTo(expected.get(name));
			}
			else {
				assertThat(ArchiveLayout.isStagingFile(name) || name.endsWith(".part")).as(name + " is not the reference's")
					.isTrue();
			}
		});
	}

	private static Path spec(Path dir) {
		return ClsSpecBuilder.forEndpoint(emulator.endpoint())
			.name("cls-process")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(250)
			.pageSize(500)
			.credentialVariables("CLS_ID", "CLS_KEY")
			.topic(TOPIC)
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path home) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to", "2026-11-01T03:00",
				"--home", home.toString());
	}

}
