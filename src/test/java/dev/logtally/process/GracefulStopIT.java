package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import dev.logtally.testing.TermSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar sent SIGTERM in the middle of an export: it stops at a chunk boundary, publishes the windows that were
 * complete, says how to resume and exits 143; the same command then finishes the run, and the archive is
 * byte-identical to an uninterrupted one.
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
			.contains("STOPPED; run the same command again to resume it");

		LogtallyProcess second = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("second.out"), args(spec, this.dir.resolve("home")));
		assertThat(second.waitFor()).as(second.output()).isZero();
		assertThat(second.output()).contains("resuming execution");
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
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
