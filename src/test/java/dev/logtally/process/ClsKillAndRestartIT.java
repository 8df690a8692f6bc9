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

	/** Where SCF delivers order-api's logs, until a test moves them to {@link #MOVED_TOPIC}. */
	private static final String FUNCTION_TOPIC = "5c1e0a4b-7d2f-4e8a-9b3c-1f2e3d4c5b6a";

	private static final String MOVED_TOPIC = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

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
				.function(FUNCTION_TOPIC, "default", "order-api", START, START.plusSeconds(3_600), 1_200)
				.function(MOVED_TOPIC, "default", "order-api", START, START.plusSeconds(3_600), 300)
				.build())
			.function("default", "order-api", FUNCTION_TOPIC)
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

	@Test
	void killedMidWindowOfAFunctionWhoseLogsSCFThenSaysAreElsewhereItFinishesTheWindowOnTheTopicItStartedOn() {
		Path referenceDir = this.dir.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess uninterrupted = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("reference.out"), functionArgs(functionSpec(referenceDir), referenceDir));
		assertThat(uninterrupted.waitFor()).as(uninterrupted.output()).isZero();
		int requests = emulator.servedCount() - before;
		Path runDir = this.dir.resolve("run");
		Path spec = functionSpec(runDir);
		String killed = killSwitch.killAfter(requests * 3 / 4, () -> LogtallyProcess.start(LogtallyProcess.jar(),
				ENVIRONMENT, this.dir.resolve("killed.out"), functionArgs(spec, runDir)));

		emulator.redeliver("default", "order-api", MOVED_TOPIC);
		try {
			LogtallyProcess restarted = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("restarted.out"), functionArgs(spec, runDir));
			assertThat(restarted.waitFor()).as(killed + restarted.output()).isZero();
			assertThat(restarted.output()).contains("topic " + FUNCTION_TOPIC)
				.contains("is finished on it, although the function's topic is now " + MOVED_TOPIC);
		}
		finally {
			emulator.redeliver("default", "order-api", FUNCTION_TOPIC);
		}
		ArchiveFiles.assertSameFiles(runDir.resolve("archive"), referenceDir.resolve("archive"));
	}

	/** One hour of order-api's logs, on the topic SCF names. */
	private static Path functionSpec(Path dir) {
		return ClsSpecBuilder.forEndpoint(emulator.endpoint())
			.scfEndpoint(emulator.endpoint())
			.name("cls-function-process")
			.destination(dir.resolve("archive"))
			.chunkSize(250)
			.pageSize(500)
			.credentialVariables("CLS_ID", "CLS_KEY")
			.target("{function: order-api}")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> functionArgs(Path spec, Path dir) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to", "2026-11-01T01:00",
				"--home", dir.resolve("home").toString());
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
