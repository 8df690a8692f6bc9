package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The archive's days are the spec's days: a window lies under the date it starts on in the job's zone, the report
 * charts it as that date, a day with a daylight-saving change is one window (cut only where the API's 24-hour span
 * requires it), and windows an older archive put under their UTC date stay where they are.
 */
class ArchiveDatesTest {

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void aDayOfTheSpecsZoneIsArchivedUnderItsOwnDateAndChartedAsThatDay() throws IOException {
		Instant nov1 = Instant.parse("2026-10-31T16:00:00Z"); // midnight of 1 November in +08:00
		this.emulator = start(ScfDataset.builder(25).hostile(false).function("default", "fn-a", nov1,
				nov1.plusSeconds(2 * 86_400), 300));
		Path spec = spec("+08:00", "1d", "fn-a");

		CliRun export = run("export", spec, "2026-11-01", "2026-11-03");

		assertThat(export.exitCode()).as(export.output()).isZero();
		assertThat(windowKeys()).containsExactly(
				"scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.csv",
				"scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.manifest.json",
				"scf-test/fn-a/dt=2026-11-02/20261101T160000Z_20261102T160000Z.csv",
				"scf-test/fn-a/dt=2026-11-02/20261101T160000Z_20261102T160000Z.manifest.json");
		Path html = report(export);
		assertThat(Files.readString(html)).as("the chart's days").contains(">11-01</text>")
			.contains(">11-02</text>")
			.doesNotContain(">10-31</text>")
			.contains("2026-11-01T00:00+08:00 to 2026-11-02T00:00+08:00");
		Path json = html.resolveSibling(html.getFileName().toString().replace(".html", ".json"));
		assertThat(Files.readString(json)).contains("\"zone\" : \"+08:00\"")
			.contains("\"day\" : \"2026-11-01\"")
			.contains("\"day\" : \"2026-11-02\"");
	}

	@Test
	void aDaylightSavingDayIsOneWindowOrTwoEqualHalvesWhereTheApiAnswersAtMost24Hours() {
		// Berlin: 29 March 2026 has 23 hours, 25 October 2026 has 25; the SCF API answers at most 24 hours a query.
		Instant march28 = Instant.parse("2026-03-27T23:00:00Z");
		Instant october24 = Instant.parse("2026-10-23T22:00:00Z");
		this.emulator = start(ScfDataset.builder(26).hostile(false)
			.function("default", "fn-a", march28, march28.plusSeconds(3 * 86_400), 300)
			.function("default", "fn-b", october24, october24.plusSeconds(3 * 86_400), 300));
		Path spec = spec("Europe/Berlin", "1d", "fn-a", "fn-b");

		CliRun spring = run("export", spec, "2026-03-28", "2026-03-31");
		CliRun autumn = run("export", spec, "2026-10-24", "2026-10-27");

		assertThat(spring.exitCode()).as(spring.output()).isZero();
		assertThat(spring.out()).as("the table shows windows in the job's zone")
			.contains("2026-03-29T00:00:00+01:00 2026-03-30T00:00:00+02:00")
			.contains("6 windows: 6 MATCHED");
		assertThat(autumn.exitCode()).as(autumn.output()).isZero();
		assertThat(autumn.out()).contains("2026-10-25T00:00:00+02:00 2026-10-25T11:30:00+01:00")
			.contains("2026-10-25T11:30:00+01:00 2026-10-26T00:00:00+01:00")
			.contains("8 windows: 8 MATCHED");
		assertThat(windowKeys()).filteredOn((key) -> key.startsWith("scf-test/fn-a/dt=2026-03") && key.endsWith(".csv"))
			.containsExactly("scf-test/fn-a/dt=2026-03-28/20260327T230000Z_20260328T230000Z.csv",
					"scf-test/fn-a/dt=2026-03-29/20260328T230000Z_20260329T220000Z.csv",
					"scf-test/fn-a/dt=2026-03-30/20260329T220000Z_20260330T220000Z.csv");
		assertThat(windowKeys()).filteredOn((key) -> key.startsWith("scf-test/fn-b/dt=2026-10") && key.endsWith(".csv"))
			.containsExactly("scf-test/fn-b/dt=2026-10-24/20261023T220000Z_20261024T220000Z.csv",
					"scf-test/fn-b/dt=2026-10-25/20261024T220000Z_20261025T103000Z.csv",
					"scf-test/fn-b/dt=2026-10-25/20261025T103000Z_20261025T230000Z.csv",
					"scf-test/fn-b/dt=2026-10-26/20261025T230000Z_20261026T230000Z.csv");
	}

	@Test
	void aLongDayAnEarlierVersionCutIntoADayAndAnHourIsRefusedRatherThanArchivedTwice() {
		Instant october24 = Instant.parse("2026-10-23T22:00:00Z");
		this.emulator = start(ScfDataset.builder(28).hostile(false).function("default", "fn-a", october24,
				october24.plusSeconds(4 * 86_400), 400));
		// Earlier versions ended 25 October in Berlin 24 hours after its midnight: in +02:00 that is a whole day.
		CliRun earlier = run("export", spec("+02:00", "1d", "fn-a"), "2026-10-25", "2026-10-26");
		assertThat(earlier.exitCode()).as(earlier.output()).isZero();
		Map<String, byte[]> before = windows();
		Path spec = spec("Europe/Berlin", "1d", "fn-a");

		CliRun across = run("export", spec, "2026-10-24", "2026-10-27");

		assertThat(across.exitCode()).as(across.output()).isEqualTo(2);
		assertThat(across.err()).contains("logtally: scf-test/fn-a 2026-10-25 has 25 hours in Europe/Berlin, and an "
				+ "earlier version archived it as [2026-10-24T22:00:00Z, 2026-10-25T22:00:00Z) and a 1-hour window")
			.contains("leave the day out (--to 2026-10-25, then --from 2026-10-26)")
			.doesNotContain("\tat ");
		assertThat(windows().keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
		CliRun after = run("export", spec, "2026-10-26", "2026-10-27");
		assertThat(after.exitCode()).as("the days around it run as usual: " + after.output()).isZero();
	}

	@Test
	void windowsAnOlderArchivePutUnderTheirUtcDateStayThereForVerifyReconcileAndTheNextExport() throws IOException {
		Instant nov1 = Instant.parse("2026-10-31T16:00:00Z");
		this.emulator = start(ScfDataset.builder(27).hostile(false).function("default", "fn-a", nov1,
				nov1.plusSeconds(26 * 3_600), 520));
		// Archives written before the zone's dates named the folders used every window's UTC date: with hourly
		// windows, a spec in UTC writes exactly that layout for the hours of 1 November in +08:00.
		Path spec = spec("UTC", "1h", "fn-a");
		CliRun old = run("export", spec, "2026-10-31T16:00:00Z", "2026-11-01T16:00:00Z");
		assertThat(old.exitCode()).as(old.output()).isZero();
		Map<String, byte[]> before = windows();
		assertThat(before.keySet()).filteredOn((key) -> key.contains("/dt=2026-10-31/")).hasSize(2 * 8);
		spec("+08:00", "1h", "fn-a");

		CliRun verify = CliRun.of("verify", this.dir.resolve("archive").toString());
		CliRun reconcile = run("reconcile", spec, "2026-11-01", "2026-11-02");
		CliRun again = run("export", spec, "2026-11-01", "2026-11-02T02:00");

		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.out()).contains("24 window manifests, 1 run manifests: intact");
		assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
		assertThat(reconcile.out()).contains("24 windows: 24 MATCHED");
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.out()).contains("26 windows: 26 MATCHED");
		Map<String, byte[]> after = windows();
		List<String> added = new ArrayList<>(after.keySet());
		added.removeAll(before.keySet());
		assertThat(added).as("only the two hours never exported before, under their date in +08:00")
			.containsExactlyInAnyOrder("scf-test/fn-a/dt=2026-11-02/20261101T160000Z_20261101T170000Z.csv",
					"scf-test/fn-a/dt=2026-11-02/20261101T160000Z_20261101T170000Z.manifest.json",
					"scf-test/fn-a/dt=2026-11-02/20261101T170000Z_20261101T180000Z.csv",
					"scf-test/fn-a/dt=2026-11-02/20261101T170000Z_20261101T180000Z.manifest.json");
		before.forEach((key, bytes) -> assertThat(after.get(key)).as(key).isEqualTo(bytes));
		CliRun verifyAgain = CliRun.of("verify", this.dir.resolve("archive").toString());
		assertThat(verifyAgain.exitCode()).as(verifyAgain.output()).isZero();
		assertThat(verifyAgain.out()).contains("26 window manifests, 2 run manifests: intact");
	}

	private CliRun run(String command, Path spec, String from, String to) {
		return CliRun.of(command, "--job", spec.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve("home").toString());
	}

	private Path spec(String zone, String window, String... functions) {
		SpecBuilder spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("dates")
			.zone(zone)
			.window(window)
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDdates", "dates-key");
		for (String function : functions) {
			spec.function(function);
		}
		return spec.writeTo(this.dir.resolve("job.yaml"));
	}

	/** Every window object (data and manifests), the run manifests left out. */
	private Map<String, byte[]> windows() {
		Map<String, byte[]> files = ArchiveFiles.snapshot(this.dir.resolve("archive"));
		files.keySet().removeIf((name) -> name.startsWith("_runs"));
		return files;
	}

	private List<String> windowKeys() {
		return windows().keySet().stream().sorted().toList();
	}

	private static Path report(CliRun run) {
		Matcher report = Pattern.compile("Report: (\\S+\\.html)").matcher(run.out());
		assertThat(report.find()).as(run.output()).isTrue();
		return Path.of(report.group(1));
	}

	private static ScfEmulator start(ScfDataset.Builder dataset) {
		return ScfEmulator.builder()
			.credential("AKIDdates", "dates-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.port(0)
			.build()
			.start();
	}

}
