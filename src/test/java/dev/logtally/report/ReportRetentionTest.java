package dev.logtally.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.jobspec.ReportsSpec;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SmallFilesystem;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reports.keep} removes a job's older run reports beyond a count of runs or an age, after each run: never the
 * newest, never another job's, never a file that is not a report, never the job's metrics, never the archive. A report
 * that cannot be removed stays, with one warning line.
 */
class ReportRetentionTest {

	private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void aCountKeepsTheReportsOfTheNewestRunsOnly() throws IOException {
		Path folder = this.dir.resolve("reports/job");
		reports(folder, "20261201T030000Z-nightly-run-1", "20261202T030000Z-nightly-run-2",
				"20261203T030000Z-rerun-run-3", "20261204T030000Z-nightly-run-4");
		List<String> warnings = new ArrayList<>();

		List<Path> removed = new RunReports(folder).prune(new ReportsSpec(2, null), NOW, null, warnings::add);

		assertThat(names(folder)).containsExactly("20261203T030000Z-rerun-run-3.html",
				"20261203T030000Z-rerun-run-3.json", "20261204T030000Z-nightly-run-4.html",
				"20261204T030000Z-nightly-run-4.json", "notes.txt");
		assertThat(removed).hasSize(4);
		assertThat(warnings).isEmpty();
	}

	@Test
	void anAgeKeepsTheReportsOfRunsThatFinishedWithinItAndAlwaysTheNewest() throws IOException {
		Path folder = this.dir.resolve("reports/job");
		reports(folder, "20260901T030000Z-export-run-1", "20261201T030000Z-nightly-run-2");

		new RunReports(folder).prune(new ReportsSpec(null, Duration.ofDays(30)), NOW, null, (warning) -> {
		});
		assertThat(names(folder)).containsExactly("20261201T030000Z-nightly-run-2.html",
				"20261201T030000Z-nightly-run-2.json", "notes.txt");

		new RunReports(folder).prune(new ReportsSpec(null, Duration.ofDays(1)), NOW, null, (warning) -> {
		});
		assertThat(names(folder)).as("the newest run's reports, however old").containsExactly(
				"20261201T030000Z-nightly-run-2.html", "20261201T030000Z-nightly-run-2.json", "notes.txt");
	}

	@Test
	void withoutKeepEveryReportIsKept() throws IOException {
		Path folder = this.dir.resolve("reports/job");
		reports(folder, "20200101T030000Z-export-run-1", "20261201T030000Z-nightly-run-2");

		assertThat(new RunReports(folder).prune(ReportsSpec.KEEP_ALL, NOW, null, (warning) -> {
		})).isEmpty();
		assertThat(names(folder)).hasSize(5);
	}

	@Test
	void aReportThatCannotBeRemovedStaysWithOneWarningLine() throws IOException {
		try (SmallFilesystem disk = SmallFilesystem.mount(this.dir, 1024 * 1024)) {
			Path folder = disk.root().resolve("reports/job");
			reports(folder, "20261201T030000Z-nightly-run-1", "20261202T030000Z-nightly-run-2");
			List<String> warnings = new ArrayList<>();
			disk.readOnly(true);
			try {
				new RunReports(folder).prune(new ReportsSpec(1, null), NOW, null, warnings::add);
			}
			finally {
				disk.readOnly(false);
			}

			assertThat(names(folder)).hasSize(5);
			assertThat(warnings).hasSize(2).allSatisfy((warning) -> assertThat(warning)
				.startsWith("cannot remove the old report " + folder.resolve("20261201T030000Z-nightly-run-1."))
				.endsWith(" (reports.keep): Read-only file system; it stays")
				.doesNotContain("\n"));
		}
	}

	@Test
	void afterEachRunOnlyThisJobsOlderReportsGoAndItsMetricsAndArchiveStay() throws IOException {
		Path home = this.dir.resolve("home");
		// Another job sharing the home: its reports are never this job's to remove.
		reports(home.resolve("reports/other-job"), "20200101T030000Z-export-run-1");
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDkeep", "keep-key")
			.dataset(ScfDataset.builder(5)
				.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * 86_400), 300)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDkeep", "keep-key")
				.reports("{keep: 1}")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			CliRun first = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", home.toString());
			assertThat(first.exitCode()).as(first.output()).isZero();
			Map<String, byte[]> archiveAfterFirst = ArchiveFiles.snapshot(this.dir.resolve("archive"));
			CliRun second = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-02", "--to",
					"2026-11-03", "--home", home.toString());
			assertThat(second.exitCode()).as(second.output()).isZero();

			assertThat(names(home.resolve("reports/test-export"))).hasSize(2)
				.allSatisfy((name) -> assertThat(name).contains("-export-run-2."));
			assertThat(second.out()).contains("Report: " + home.resolve("reports/test-export"));
			assertThat(names(home.resolve("reports/other-job"))).hasSize(3);
			assertThat(home.resolve("metrics/test-export.prom")).isRegularFile();
			assertThat(home.resolve("metrics/test-export.state.json")).isRegularFile();
			Map<String, byte[]> archive = ArchiveFiles.snapshot(this.dir.resolve("archive"));
			archiveAfterFirst.forEach((name, bytes) -> assertThat(archive.get(name)).as(name).isEqualTo(bytes));
		}
	}

	/** A JSON and an HTML report for each stem, and a file of the operator's that is not a report. */
	private static void reports(Path folder, String... stems) throws IOException {
		Files.createDirectories(folder);
		for (String stem : stems) {
			Files.writeString(folder.resolve(stem + ".json"), "{}");
			Files.writeString(folder.resolve(stem + ".html"), "<html></html>");
		}
		Files.writeString(folder.resolve("notes.txt"), "kept by the operator");
	}

	private static List<String> names(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
