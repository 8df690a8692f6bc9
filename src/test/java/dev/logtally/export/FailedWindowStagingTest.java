package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a window that fails leaves in a local archive, where staging files sit next to the published objects: nothing
 * when it failed before committing a record (there is nothing to resume from), its staging file when it committed
 * some (the same command resumes from it).
 */
class FailedWindowStagingTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant DAY_2 = DAY_1.plusSeconds(86_400);

	private static final String SECRET_ID = "AKIDstaging0123456";

	private static final String SECRET_KEY = "staging-secret-key-0123";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void windowsOfADeletedFunctionLeaveNoStagingFileSoVerifyFindsNothingUnfinishedAndTheSameCommandFinishesLater()
			throws IOException {
		this.emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(31)
				.function("default", "fn-a", DAY_1, DAY_2, 400)
				.function("default", "doomed-fn", DAY_1, DAY_2, 400)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		// It answers the check before the run and the planning of its first window, then it is gone: that window fails
		// at its first page, after its staging file was opened, the others as they are planned.
		this.emulator.faults().deleteFunction("doomed-fn", 2);
		Path archive = this.dir.resolve("archive");
		Path spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(archive)
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.window("6h")
			.concurrency(1)
			.function("fn-a")
			.function("doomed-fn")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun failed = export(spec);

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.out()).contains("4 MATCHED").contains("4 FAILED");
		assertThat(stagingFiles(archive)).as("staging files left in the archive").isEmpty();
		CliRun verify = CliRun.of("verify", archive.toString());
		assertThat(verify.output()).doesNotContain("UNFINISHED");

		this.emulator.faults().reset();
		CliRun finished = export(spec);

		assertThat(finished.exitCode()).as(finished.output()).isZero();
		assertThat(ArchiveFiles.rows(archive, "scf-test", "doomed-fn")).hasSize(400);
		assertThat(stagingFiles(archive)).isEmpty();
		CliRun intact = CliRun.of("verify", archive.toString());
		assertThat(intact.exitCode()).as(intact.output()).isZero();
	}

	private CliRun export(Path spec) {
		return CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--home",
				this.dir.resolve("home").toString());
	}

	private static List<Path> stagingFiles(Path archive) throws IOException {
		try (Stream<Path> walk = Files.walk(archive)) {
			return walk.filter((path) -> ArchiveLayout.isStagingFile(path.toString())).toList();
		}
	}

}
