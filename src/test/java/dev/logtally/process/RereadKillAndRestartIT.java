package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar against a slice that moves while it is paged: logs land in it after the reader had pages of it, so
 * offsets shift and the slice is read again. Killed with SIGKILL inside that second read and restarted with the same
 * command, the finished archive is byte-identical to an uninterrupted run's, and both to an export of a source that
 * held those logs from the start: every log once, nothing shifted.
 */
class RereadKillAndRestartIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDreread", "SCF_KEY", "reread-key");

	/**
	 * Answers served before the late logs are listed: the preflight's, the plan's count, then pages of 200 at offsets
	 * 0 to 1,000. The page at offset 1,200 sees the slice's count move, and the slice is read again from its start.
	 */
	private static final int LATE_AFTER = 8;

	@TempDir
	Path dir;

	@Test
	void killedDuringTheReReadOfASliceItFinishesWithTheBytesOfASourceThatNeverMoved() {
		Path steady = exportUninterrupted(0, "steady");
		Path reference = exportUninterrupted(LATE_AFTER, "reference");
		ArchiveFiles.assertSameFiles(reference, steady);

		try (ScfEmulator emulator = emulator(LATE_AFTER)) {
			KillSwitch killSwitch = new KillSwitch(emulator::servedCount);
			emulator.onServed(killSwitch::served);
			Path spec = spec(emulator, this.dir.resolve("killed"));
			// The first run dies three pages into the second read of the slice, with chunks of it committed; the
			// second a few pages after it resumed there.
			List<String> outputs = killSwitch.killAndRestart(List.of(LATE_AFTER + 4, 4),
					(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
							this.dir.resolve("killed/run-" + attempt + ".out"), args(spec, this.dir.resolve("killed"))));

			assertThat(outputs.get(0)).contains("moved from 3000 to 3005 while it was paged; reading it again");
			assertThat(String.join("\n", outputs)).contains("was left STARTED by a process that is gone");
			assertThat(outputs.get(2)).contains("1 MATCHED");
			ArchiveFiles.assertSameFiles(this.dir.resolve("killed/archive"), reference);
		}
	}

	/** Exports the day once from a fresh sandbox whose late logs are listed after {@code lateAfter} answers. */
	private Path exportUninterrupted(int lateAfter, String folder) {
		try (ScfEmulator emulator = emulator(lateAfter)) {
			Path root = this.dir.resolve(folder);
			LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, root.resolve("run.out"),
					args(spec(emulator, root), root));
			assertThat(process.waitFor()).as(process.output()).isZero();
			if (lateAfter > 0) {
				assertThat(process.output()).contains("reading it again from its start (attempt 2 of 3)");
			}
			return root.resolve("archive");
		}
	}

	private static ScfEmulator emulator(int lateAfter) {
		return ScfEmulator.builder()
			.credential("AKIDreread", "reread-key")
			.dataset(ScfDataset.builder(31)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(86_400), 3_000)
				.late("default", "fn-a", DAY_1.plusSeconds(120), 5, lateAfter)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private static Path spec(ScfEmulator emulator, Path root) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("reread-test")
			.destination(root.resolve("archive"))
			.chunkSize(300)
			.pageSize(200)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.writeTo(root.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path root) {
		return List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--home",
				root.resolve("home").toString());
	}

}
