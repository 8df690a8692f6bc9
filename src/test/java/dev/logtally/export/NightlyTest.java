package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * {@code logtally nightly} over a simulated week (a clock the test sets), with daily windows in Beijing time and a
 * settle delay of two hours: the high-water mark, catching up, late data and resumption.
 */
class NightlyTest {

	/** Midnight of 1 November in Beijing. */
	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	/** The time of the runs, and of the sandbox that checks request signatures' timestamps. */
	private final MutableClock clock = new MutableClock(beijing("2026-11-02T03:00"));

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void nightsCatchUpAfterASkippedNightAdvanceOnlyOverMatchedWindowsAndLeaveUnsettledWindowsForLater()
			throws IOException {
		start(ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(8 * DAY), 8_000)
			// Logs of 1 November that appear while that day is being read, by a source whose parts are read once
			// (reread.maxAttempts 1): its first export is a MISMATCH.
			.late("default", "fn-a", NOV_1.plusSeconds(600), 3, 4)
			.build());
		Path spec = spec().reread(1, "10ms").function("fn-a").writeTo(this.dir.resolve("job.yaml"));
		MutableClock clock = this.clock;

		CliRun first = nightly(clock, spec);
		assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
		assertThat(first.out()).contains("MISMATCH (count changed by 3 during read)")
			.contains("High-water mark: " + NOV_1 + ".");

		clock.set(beijing("2026-11-04T03:00")); // the night of the 3rd was missed
		CliRun third = nightly(clock, spec);
		assertThat(third.exitCode()).as(third.output()).isZero();
		assertThat(third.out()).contains("3 windows: 3 MATCHED")
			.contains("High-water mark: " + NOV_1.plusSeconds(3 * DAY) + ".");

		clock.set(beijing("2026-11-04T05:00"));
		CliRun again = nightly(clock, spec);
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.out()).contains("Nothing to export");

		clock.set(beijing("2026-11-07T01:30")); // 6 November ended 90 minutes ago: inside the settle delay
		CliRun fifth = nightly(clock, spec);
		assertThat(fifth.exitCode()).as(fifth.output()).isZero();
		assertThat(fifth.out()).contains("2 windows: 2 MATCHED")
			.contains("High-water mark: " + NOV_1.plusSeconds(5 * DAY) + ".")
			.contains("Windows ending after " + NOV_1.plusSeconds(5 * DAY) + " wait for the settle delay (PT2H)");

		assertThat(dataFiles()).containsExactly("dt=2026-11-01/20261031T160000Z_20261101T160000Z.csv",
				"dt=2026-11-02/20261101T160000Z_20261102T160000Z.csv",
				"dt=2026-11-03/20261102T160000Z_20261103T160000Z.csv",
				"dt=2026-11-04/20261103T160000Z_20261104T160000Z.csv",
				"dt=2026-11-05/20261104T160000Z_20261105T160000Z.csv");
		assertThat(manifests()).hasSize(5)
			.allSatisfy((manifest) -> assertThat(manifest).contains("\"verdict\" : \"MATCHED\""));
		Path day1 = this.dir.resolve("archive/scf-test/fn-a/dt=2026-11-01");
		assertThat(Files.readString(day1.resolve("20261031T160000Z_20261101T160000Z.manifest.json")))
			.as("the night that exported the first day again kept its first export")
			.contains("\"version\" : 2")
			.contains("\"reason\" : \"nightly\"");
		assertThat(day1.resolve("20261031T160000Z_20261101T160000Z.versions/1/20261031T160000Z_20261101T160000Z.csv"))
			.exists();
		CliRun status = CliRun.of("status", "--job", spec.toString(), "--home", this.dir.resolve("home").toString());
		assertThat(status.exitCode()).as(status.output()).isZero();
		// Times as the job's zone (+08:00) sees them, as the run's own table shows its windows.
		assertThat(status.out()).contains("High-water mark: 2026-11-06T00:00:00+08:00 (nightly run")
			.contains("RANGE ([from, to) in the job's zone)")
			.containsPattern("nightly +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +COMPLETED +3 +1 MISMATCH")
			.containsPattern("nightly +2026-11-04T00:00:00\\+08:00 2026-11-06T00:00:00\\+08:00 +COMPLETED +0 +2 MATCHED")
			.doesNotContain(NOV_1.toString());
	}

	@Test
	void aNightThatFailedIsResumedOverTheSameRangeBeforeTheNextRangeIsExported() {
		start(ScfDataset.builder(4)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(8 * DAY), 800)
			.function("default", "doomed-fn", NOV_1, NOV_1.plusSeconds(8 * DAY), 10)
			.build());
		// It answers the check before the night, then it is gone: the night fails.
		this.emulator.faults().deleteFunction("doomed-fn", 1);
		MutableClock clock = this.clock;
		clock.set(beijing("2026-11-03T03:00"));
		Path broken = spec().function("fn-a").function("doomed-fn").writeTo(this.dir.resolve("job.yaml"));

		CliRun failed = nightly(clock, broken);
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.out()).contains("High-water mark: " + NOV_1 + ".");

		Path fixed = spec().function("fn-a").writeTo(this.dir.resolve("job.yaml"));
		clock.set(beijing("2026-11-05T03:00"));
		CliRun next = nightly(clock, fixed);

		assertThat(next.exitCode()).as(next.output()).isZero();
		assertThat(next.out()).containsSubsequence(
				"[" + NOV_1 + ", " + NOV_1.plusSeconds(2 * DAY) + "), resumed: an earlier nightly run did not finish it:",
				"2 windows: 2 MATCHED",
				"[" + NOV_1.plusSeconds(2 * DAY) + ", " + NOV_1.plusSeconds(4 * DAY) + "):", "2 windows: 2 MATCHED");
		assertThat(next.out()).contains("High-water mark: " + NOV_1.plusSeconds(4 * DAY) + ".");
	}

	@Test
	void aSpecWithoutANightlySectionIsAnInputError() {
		start(ScfDataset.builder(4).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(DAY), 10).build());
		Path spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDnightly", "nightly-key")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = nightly(this.clock, spec);

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("nightly: is required for nightly runs");
	}

	private void start(ScfDataset dataset) {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDnightly", "nightly-key")
			.dataset(dataset)
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("nightly")
			.concurrency(1)
			.nightly("{start: 2026-11-01, settleDelay: 2h}")
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDnightly", "nightly-key");
	}

	private CliRun nightly(MutableClock clock, Path spec) {
		return CliRun.at(clock, "nightly", "--job", spec.toString(), "--home", this.dir.resolve("home").toString());
	}

	private static Instant beijing(String localDateTime) {
		return java.time.LocalDateTime.parse(localDateTime).atOffset(java.time.ZoneOffset.ofHours(8)).toInstant();
	}

	private List<String> dataFiles() throws IOException {
		Path target = this.dir.resolve("archive/scf-test/fn-a");
		try (Stream<Path> files = Files.walk(target)) {
			return files.filter((file) -> file.toString().endsWith(".csv") && !file.toString().contains(".versions/"))
				.map((file) -> target.relativize(file).toString())
				.sorted()
				.toList();
		}
	}

	private List<String> manifests() throws IOException {
		try (Stream<Path> files = Files.walk(this.dir.resolve("archive/scf-test"))) {
			return files
				.filter((file) -> file.toString().endsWith(".manifest.json") && !file.toString().contains(".versions/"))
				.map((file) -> {
				try {
					return Files.readString(file);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).toList();
		}
	}

}
