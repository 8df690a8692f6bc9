package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PublicationSwitch;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar killed with SIGKILL right after its run manifest appears, while the run is ending: the same command then
 * completes the run without exporting the range again and without a second run manifest, and the archive is
 * byte-identical to an uninterrupted run's.
 */
class KillAfterRunManifestIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDend", "SCF_KEY", "end-key");

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path reference;

	private static int uninterruptedRequests;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = ScfEmulator.builder()
			.credential("AKIDend", "end-key")
			.dataset(ScfDataset.builder(57)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 3_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(2 * 86_400), 1_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		reference = shared.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess process = export(spec(reference), reference.resolve("home"), shared.resolve("reference.out"));
		assertThat(process.waitFor()).as(process.output()).isZero();
		uninterruptedRequests = emulator.servedCount() - before;
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedRightAfterItsRunManifestIsWrittenTheSameCommandEndsTheRunWithoutASecondExportOrRunManifest()
			throws IOException {
		killThenRunAgain(PublicationSwitch.watchRunManifests(this.dir.resolve("archive")));
	}

	@Test
	void killedWhileItReportsACompletedRunTheSameCommandReportsItWithoutASecondExportOrRunManifest()
			throws IOException {
		// The reports are written once the execution is saved COMPLETED, before the command ends.
		Path reports = this.dir.resolve("home").resolve("reports");
		killThenRunAgain(PublicationSwitch.watch(reports, (file) -> file.getFileName().toString().endsWith(".json")));
	}

	private void killThenRunAgain(PublicationSwitch killSwitch) throws IOException {
		Path spec = spec(this.dir);
		Path archive = this.dir.resolve("archive");
		LogtallyProcess killed;
		try (killSwitch) {
			killed = export(spec, this.dir.resolve("home"), this.dir.resolve("killed.out"));
			assertThat(killSwitch.killAtFirstManifest(killed)).as("killed before it ended:%n%s", killed.output())
				.isTrue();
		}
		assertThat(killed.waitFor()).isEqualTo(137);

		int before = emulator.servedCount();
		LogtallyProcess again = export(spec, this.dir.resolve("home"), this.dir.resolve("again.out"));

		assertThat(again.waitFor()).as(again.output()).isZero();
		assertThat(again.output()).doesNotContain("(the range was exported before)");
		assertThat(emulator.servedCount() - before).as("answers to the same command again")
			.isLessThan(uninterruptedRequests / 2);
		assertThat(runManifests(archive)).containsExactly(ArchiveLayout.runManifestKey("end-test", 1));
		ArchiveFiles.assertSameFiles(archive, reference.resolve("archive"));
	}

	private static List<String> runManifests(Path archive) throws IOException {
		try (Stream<Path> files = Files.list(archive.resolve(ArchiveLayout.runManifestPrefix("end-test")))) {
			return files.map((file) -> archive.relativize(file).toString()).sorted().toList();
		}
	}

	private static LogtallyProcess export(Path spec, Path home, Path output) {
		return LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, output, List.of("export", "--job",
				spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home", home.toString()));
	}

	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("end-test")
			.destination(dir.resolve("archive"))
			.gzip()
			.window("6h")
			.chunkSize(300)
			.pageSize(200)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.writeTo(dir.resolve("job.yaml"));
	}

}
