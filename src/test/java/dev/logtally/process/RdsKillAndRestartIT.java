package dev.logtally.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.RdsSpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar, with a 96 MB heap, archiving RDS audit-log files of 200 MB (which could not be held in memory),
 * killed with SIGKILL while a large file is being downloaded and restarted: files finished before the kill are not
 * fetched again, and the finished archive is byte-identical to an uninterrupted run.
 */
class RdsKillAndRestartIT {

	/**
	 * 2026-09-04T00:00 in Beijing, a point of the 6-day window grid: the whole export is one window and one listing page,
	 * so files finished before the kill and the file being downloaded belong to the same uncommitted page.
	 */
	private static final Instant START = Instant.parse("2026-09-03T16:00:00Z");

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final Map<String, String> ENVIRONMENT = Map.of("HW_AK", "HWPROCESSAK", "HW_SK", "process-sk");

	private static final String HEAP = "96m";

	@TempDir
	static Path shared;

	private static RdsEmulator emulator;

	private static RdsDataset dataset;

	private static Path reference;

	private static final AtomicReference<LogtallyProcess> running = new AtomicReference<>();

	/** The large files: the process is killed when the second of them starts downloading. */
	private static final Set<String> large = ConcurrentHashMap.newKeySet();

	private static final AtomicReference<String> killedDuring = new AtomicReference<>();

	private static final Set<String> downloadsStarted = ConcurrentHashMap.newKeySet();

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndArchiveOnceWithoutInterruption() {
		dataset = RdsDataset.builder(31)
			.instance(PROJECT, INSTANCE, START, START.plusSeconds(6 * 86_400), 30)
			.largeFiles(PROJECT, INSTANCE, 2, 200L * 1024 * 1024)
			.build();
		emulator = RdsEmulator.builder().credential("HWPROCESSAK", "process-sk").dataset(dataset)
			.rateLimitPerMinute(0).build().start();
		dataset.files(PROJECT, INSTANCE)
			.stream()
			.filter((file) -> file.bytes() > 100L * 1024 * 1024)
			.forEach((file) -> large.add(file.id()));
		emulator.onDownload((id) -> {
			boolean secondLarge = large.contains(id)
					&& downloadsStarted.stream().anyMatch((other) -> large.contains(other) && !other.equals(id));
			downloadsStarted.add(id);
			LogtallyProcess process = running.get();
			if (process != null && secondLarge && killedDuring.compareAndSet(null, id)) {
				process.kill();
			}
		});
		reference = shared.resolve("reference");
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), HEAP, ENVIRONMENT,
				shared.resolve("reference.out"), args(spec(reference), reference.resolve("home")));
		assertThat(process.waitFor()).as(process.output()).isZero();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedDuringALargeDownloadItKeepsFinishedFilesAndEndsIdentical() {
		assertThat(large).hasSize(2);
		Path spec = spec(this.dir);
		downloadsStarted.clear();
		LogtallyProcess first = LogtallyProcess.start(LogtallyProcess.jar(), HEAP, ENVIRONMENT,
				this.dir.resolve("first.out"), args(spec, this.dir.resolve("home")));
		running.set(first);
		assertThat(first.waitFor()).as(first.output()).isEqualTo(137);
		running.set(null);
		String interrupted = killedDuring.get();
		assertThat(interrupted).as("killed while a large file was downloading").isNotNull();
		Set<String> beforeKill = new HashSet<>(downloadsStarted);
		beforeKill.remove(interrupted);
		assertThat(beforeKill).containsAnyElementsOf(large);

		downloadsStarted.clear();
		LogtallyProcess second = LogtallyProcess.start(LogtallyProcess.jar(), HEAP, ENVIRONMENT,
				this.dir.resolve("second.out"), args(spec, this.dir.resolve("home")));
		assertThat(second.waitFor()).as(second.output()).isZero();

		assertThat(downloadsStarted).as("files finished before the kill are not fetched again")
			.doesNotContainAnyElementsOf(beforeKill)
			.contains(interrupted);
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	private static Path spec(Path dir) {
		return RdsSpecBuilder.forEndpoint(emulator.endpoint())
			.name("rds-process")
			.destination(dir.resolve("archive"))
			.concurrency(1)
			.window("6d")
			.credentialVariables("HW_AK", "HW_SK")
			.instance(INSTANCE)
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> args(Path spec, Path home) {
		return new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-09-04", "--to",
				"2026-09-10", "--home", home.toString()));
	}

}
