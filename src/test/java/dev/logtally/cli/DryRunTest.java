package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --dry-run} on {@code export}, {@code rerun} and {@code nightly}: the run's checks, then the windows it would
 * export with what the archive holds of each now (in the spec's zone, Beijing here), and exit 0 without exporting or
 * recording anything: archive, job repository, reports and metrics stay as they were.
 */
class DryRunTest {

	/** Midnight of 1 November in Beijing. */
	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	@TempDir
	Path dir;

	/** The time of the runs, and of the sandbox that checks request signatures' timestamps. */
	private final MutableClock clock = new MutableClock(beijing("2026-11-06T03:00"));

	private ScfEmulator emulator;

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void exportDryRunListsEveryWindowWithItsArchiveStateAfterAPartialExportAndRecordsNothing() throws IOException {
		start(ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(4 * DAY), 4_000)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(4 * DAY), 4_000)
			// Logs of 1 November that appear while that day is read once (reread.maxAttempts 1): a MISMATCH.
			.late("default", "fn-a", NOV_1.plusSeconds(600), 3, 4)
			.build());
		Path firstSpec = spec().reread(1, "10ms").function("fn-a").writeTo(this.dir.resolve("first.yaml"));
		CliRun first = run("export", firstSpec, "--from", "2026-11-01", "--to", "2026-11-02");
		assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
		// fn-b answers the check and its first pages, then is gone: its window fails with records staged.
		this.emulator.faults().deleteFunction("fn-b", 5);
		Path spec = spec().reread(1, "10ms").function("fn-a").function("fn-b").writeTo(this.dir.resolve("job.yaml"));
		CliRun partial = run("export", spec, "--from", "2026-11-02", "--to", "2026-11-03");
		assertThat(partial.exitCode()).as(partial.output()).isEqualTo(1);
		this.emulator.faults().reset();
		List<String> archiveBefore = tree(this.dir.resolve("archive"));
		List<String> homeBefore = tree(this.dir.resolve("home"));
		String statusBefore = run("status", spec).out();

		CliRun dryRun = run("export", spec, "--from", "2026-11-01", "--to", "2026-11-04", "--dry-run");

		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.out()).as(dryRun.output())
			.contains("export would export [2026-11-01T00:00:00+08:00, 2026-11-04T00:00:00+08:00):")
			.containsPattern("scf-test +fn-a +2026-11-01T00:00:00\\+08:00 +2026-11-02T00:00:00\\+08:00 +published "
					+ "MISMATCH *\n")
			.containsPattern("scf-test +fn-a +2026-11-02T00:00:00\\+08:00 +2026-11-03T00:00:00\\+08:00 +published "
					+ "MATCHED *\n")
			.containsPattern("scf-test +fn-a +2026-11-03T00:00:00\\+08:00 +2026-11-04T00:00:00\\+08:00 +not exported *\n")
			.containsPattern("scf-test +fn-b +2026-11-01T00:00:00\\+08:00 +2026-11-02T00:00:00\\+08:00 +not exported *\n")
			.containsPattern("scf-test +fn-b +2026-11-02T00:00:00\\+08:00 +2026-11-03T00:00:00\\+08:00 +unfinished: "
					+ "records staged, not published *\n")
			.containsPattern("scf-test +fn-b +2026-11-03T00:00:00\\+08:00 +2026-11-04T00:00:00\\+08:00 +not exported *\n")
			.contains("6 windows would run: 1 published MISMATCH, 1 published MATCHED, 3 not exported, 1 unfinished."
					+ " Dry run: nothing was exported, no run was recorded.");
		assertThat(tree(this.dir.resolve("archive"))).as("archive").isEqualTo(archiveBefore);
		assertThat(tree(this.dir.resolve("home"))).as("home: job repository, reports, metrics").isEqualTo(homeBefore);
		assertThat(run("status", spec).out()).isEqualTo(statusBefore);

		CliRun rerun = run("rerun", spec, "--from", "2026-11-01", "--to", "2026-11-02", "--reason", "late logs",
				"--dry-run");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertThat(rerun.out()).contains("rerun would export [2026-11-01T00:00:00+08:00, 2026-11-02T00:00:00+08:00):")
			.contains("2 windows would run: 1 published MISMATCH, 1 not exported.");
		assertThat(tree(this.dir.resolve("archive"))).as("archive").isEqualTo(archiveBefore);
		assertThat(tree(this.dir.resolve("home"))).as("home").isEqualTo(homeBefore);
	}

	@Test
	void dryRunMakesTheRunsChecksAndExitsAsTheRunWouldWhenOneFails() {
		start(ScfDataset.builder(9).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(DAY), 10).build());
		Path spec = spec().target("{id: thumbnails, function: thumbnailr}").writeTo(this.dir.resolve("job.yaml"));

		CliRun dryRun = run("export", spec, "--from", "2026-11-01", "--to", "2026-11-02", "--dry-run");

		assertThat(dryRun.exitCode()).as(dryRun.output()).isEqualTo(2);
		assertThat(dryRun.err()).contains("unknown target scf-test/thumbnails: source scf-test, function thumbnailr");
		assertThat(dryRun.out()).doesNotContain("would export");
	}

	@Test
	void nightlyDryRunShowsTheRangeFromTheHighWaterMarkToTheLastSettledWindowAndRecordsNothing() throws IOException {
		start(ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(6 * DAY), 600)
			.build());
		Path spec = spec().nightly("{start: 2026-11-01, settleDelay: 2h}").function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		this.clock.set(beijing("2026-11-03T03:00"));

		CliRun first = run("nightly", spec, "--dry-run");

		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.out()).as(first.output())
			.contains("High-water mark: none yet (no nightly run); the first starts at nightly.start, "
					+ "2026-11-01T00:00:00+08:00. Windows ending after 2026-11-03T00:00:00+08:00 wait for the settle "
					+ "delay (PT2H).")
			.contains("nightly would export [2026-11-01T00:00:00+08:00, 2026-11-03T00:00:00+08:00):")
			.contains("2 windows would run: 2 not exported.");
		assertThat(this.dir.resolve("home/jobs")).as("job repository").doesNotExist();
		assertThat(this.dir.resolve("archive")).as("archive").doesNotExist();

		CliRun night = run("nightly", spec);
		assertThat(night.exitCode()).as(night.output()).isZero();
		this.clock.set(beijing("2026-11-05T03:00"));
		List<String> archiveBefore = tree(this.dir.resolve("archive"));
		String statusBefore = run("status", spec).out();

		CliRun later = run("nightly", spec, "--dry-run");

		assertThat(later.exitCode()).as(later.output()).isZero();
		assertThat(later.out()).as(later.output())
			.contains("High-water mark: 2026-11-03T00:00:00+08:00. Windows ending after 2026-11-05T00:00:00+08:00 wait")
			.contains("nightly would export [2026-11-03T00:00:00+08:00, 2026-11-05T00:00:00+08:00):")
			.contains("2 windows would run: 2 not exported.");
		assertThat(tree(this.dir.resolve("archive"))).as("archive").isEqualTo(archiveBefore);
		assertThat(run("status", spec).out()).isEqualTo(statusBefore);

		CliRun next = run("nightly", spec);
		assertThat(next.exitCode()).as(next.output()).isZero();
		assertThat(next.out()).as("the night exports the range its dry run showed")
			.contains("[" + NOV_1.plusSeconds(2 * DAY) + ", " + NOV_1.plusSeconds(4 * DAY) + "):");

		CliRun nothing = run("nightly", spec, "--dry-run");

		assertThat(nothing.exitCode()).as(nothing.output()).isZero();
		assertThat(nothing.out()).contains("Nothing to export: no window has settled since the high-water mark.");
	}

	@Test
	void nightlyDryRunSaysThatANightThatDidNotFinishIsResumedFirst() {
		start(ScfDataset.builder(4)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(6 * DAY), 600)
			.function("default", "doomed-fn", NOV_1, NOV_1.plusSeconds(6 * DAY), 10)
			.build());
		// It answers the check before the night, then it is gone: the night fails and its range stays pending.
		this.emulator.faults().deleteFunction("doomed-fn", 1);
		this.clock.set(beijing("2026-11-03T03:00"));
		Path spec = spec().nightly("{start: 2026-11-01, settleDelay: 2h}").function("fn-a").function("doomed-fn")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun failed = run("nightly", spec);
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		this.emulator.faults().reset();
		this.clock.set(beijing("2026-11-04T03:00"));

		CliRun dryRun = run("nightly", spec, "--dry-run");

		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.out()).as(dryRun.output())
			.contains("High-water mark: 2026-11-01T00:00:00+08:00.")
			.contains("An earlier nightly run did not finish [2026-11-01T00:00:00+08:00, 2026-11-03T00:00:00+08:00): "
					+ "nightly resumes it first, and goes on only if every window of it is MATCHED.")
			.contains("nightly would export [2026-11-01T00:00:00+08:00, 2026-11-04T00:00:00+08:00):")
			.contains("6 windows would run: 2 published MATCHED, 4 not exported.");
	}

	private void start(ScfDataset dataset) {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDdryrun", "dry-run-key")
			.dataset(dataset)
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("dry-run")
			.concurrency(1)
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDdryrun", "dry-run-key");
	}

	private CliRun run(String command, Path spec, String... options) {
		return CliRun.at(this.clock, Stream.concat(Stream.of(command, "--job", spec.toString(), "--home",
				this.dir.resolve("home").toString()), Stream.of(options)).toArray(String[]::new));
	}

	/** Every file under {@code folder} with its size and modification time: what a write would change. */
	private static List<String> tree(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).sorted().map((file) -> {
				try {
					return folder.relativize(file) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).toList();
		}
	}

	private static Instant beijing(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atOffset(ZoneOffset.ofHours(8)).toInstant();
	}

}
