package dev.logtally.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PublicationSwitch;
import dev.logtally.testing.SmallFilesystem;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar with its home or its archive on a small filesystem that fills up at a chosen point of the run: while the job
 * starts (its job and step executions), while windows are staged (chunk commits), while windows are published. The
 * run exits 1; once the space is free again, the same command finishes the range, and the archive is byte-identical to
 * an uninterrupted run's.
 */
class FullDiskIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDdisk", "SCF_KEY", "disk-key");

	/** Large enough for the home or the archive of the whole run, as tmpfs rounds it to pages. */
	private static final long FILESYSTEM_BYTES = 24L * 1024 * 1024;

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path reference;

	private static long referenceHomeBytes;

	private static int uninterruptedRequests;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() {
		emulator = ScfEmulator.builder()
			.credential("AKIDdisk", "disk-key")
			.dataset(ScfDataset.builder(41)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 4_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(2 * 86_400), 2_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		reference = shared.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess process = export(spec(reference.resolve("archive"), reference), reference.resolve("home"),
				shared.resolve("reference.out"));
		assertThat(process.waitFor()).as(process.output()).isZero();
		referenceHomeBytes = bytes(reference.resolve("home"));
		uninterruptedRequests = emulator.servedCount() - before;
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void aHomeThatFillsWhileTheJobStartsLeavesARangeTheSameCommandFinishesOnceSpaceIsFree() {
		// From a home too full for the job repository's first commits to one that fills while windows are planned.
		for (long leave : List.of(referenceHomeBytes / 8, referenceHomeBytes / 4, referenceHomeBytes / 2)) {
			Path run = folder("home-" + leave);
			try (SmallFilesystem disk = SmallFilesystem.mount(run, FILESYSTEM_BYTES)) {
				Path home = disk.root().resolve("home");
				Path spec = spec(run.resolve("archive"), run);
				disk.fill(leave);

				fullThenFreedThenFinished(disk, spec, home, run, run.resolve("archive"));
			}
		}
	}

	@Test
	void anArchiveThatFillsWhileWindowsAreStagedLeavesARangeTheSameCommandFinishesOnceSpaceIsFree() {
		Path run = folder("staging");
		try (SmallFilesystem disk = SmallFilesystem.mount(run, FILESYSTEM_BYTES)) {
			Path archive = disk.root().resolve("archive");
			Path spec = spec(archive, run);
			// Half the run's answers go out; the rest wait until the disk is full, whatever the machine's speed.
			emulator.faults().holdAfter(uninterruptedRequests / 2);
			try {
				LogtallyProcess full = export(spec, run.resolve("home"), run.resolve("full.out"));
				long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
				while (emulator.faults().held() == 0) {
					assertThat(full.isAlive()).as(full.output()).isTrue();
					assertThat(System.nanoTime()).as("waiting for the run's answers to be held").isLessThan(deadline);
					Thread.onSpinWait();
				}
				disk.fill();
				emulator.faults().release();

				assertThat(full.waitFor()).as(full.output()).isEqualTo(1);
				freedThenFinished(disk, spec, run.resolve("home"), run, archive, full);
			}
			finally {
				emulator.faults().release();
			}
		}
	}

	@Test
	void anArchiveThatFillsWhileWindowsArePublishedLeavesARangeTheSameCommandFinishesOnceSpaceIsFree() {
		Path run = folder("publication");
		try (SmallFilesystem disk = SmallFilesystem.mount(run, FILESYSTEM_BYTES)) {
			Path archive = disk.root().resolve("archive");
			Path spec = spec(archive, run);
			// Room for the staging files and a little more, taken up as soon as the first window is published, and
			// again whenever publication frees some (a published window's staging file is removed).
			disk.fill(stagedBytes() + 512 * 1024);
			LogtallyProcess full;
			try (PublicationSwitch publication = PublicationSwitch.watch(archive)) {
				full = export(spec, run.resolve("home"), run.resolve("full.out"));
				assertThat(publication.atFirstManifest(full, () -> {
					while (full.isAlive()) {
						disk.fill();
					}
				})).as(full.output()).isTrue();
			}

			assertThat(full.waitFor()).as(full.output()).isEqualTo(1);
			freedThenFinished(disk, spec, run.resolve("home"), run, archive, full);
		}
	}

	/** Runs into the full disk (exit 1), frees it, runs the same command again: exit 0, the reference's bytes. */
	private static void fullThenFreedThenFinished(SmallFilesystem disk, Path spec, Path home, Path run, Path archive) {
		LogtallyProcess full = export(spec, home, run.resolve("full.out"));
		assertThat(full.waitFor()).as(full.output()).isEqualTo(1);
		freedThenFinished(disk, spec, home, run, archive, full);
	}

	private static void freedThenFinished(SmallFilesystem disk, Path spec, Path home, Path run, Path archive,
			LogtallyProcess full) {
		assertSaysTheDiskIsFull(full);
		disk.free();
		LogtallyProcess again = export(spec, home, run.resolve("again.out"));

		assertThat(again.waitFor()).as("after the full disk:%n%s%nthe same command again:%n%s", full.output(),
				again.output())
			.isZero();
		ArchiveFiles.assertSameFiles(archive, reference.resolve("archive"));
	}

	/** The full run said so, in lines naming a path, asked for space, and printed no stack trace. */
	private static void assertSaysTheDiskIsFull(LogtallyProcess full) {
		assertThat(full.output()).as(full.output())
			.containsPattern("(?m)/[^ ]*: no space left on device; free space and run again$")
			.doesNotContain("run again; free space")
			.doesNotContain("\tat ")
			.doesNotContain("Exception");
	}

	/** What the uninterrupted run staged: its windows' CSV files, uncompressed, in whole pages of tmpfs. */
	private static long stagedBytes() {
		try (Stream<Path> files = Files.walk(reference.resolve("archive"))) {
			return files.filter((file) -> file.toString().endsWith(".csv.gz")).mapToLong((file) -> {
				try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
					return (in.transferTo(OutputStream.nullOutputStream()) / 4096 + 1) * 4096;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static LogtallyProcess export(Path spec, Path home, Path output) {
		return LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, output, List.of("export", "--job",
				spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home", home.toString()));
	}

	private static Path spec(Path archive, Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("disk-test")
			.destination(archive)
			.gzip()
			.window("1h")
			.chunkSize(200)
			.pageSize(200)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.writeTo(dir.resolve("job.yaml"));
	}

	private Path folder(String name) {
		try {
			return Files.createDirectories(this.dir.resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long bytes(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> {
				try {
					return Files.size(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
