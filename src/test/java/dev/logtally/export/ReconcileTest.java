package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally reconcile} against the SCF sandbox: a window that gained logs after it was exported, a window that
 * was never exported, and windows that still match, each found with one count request per window.
 */
class ReconcileTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

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
	void findsAWindowThatGainedLogsAfterItsExportAndAWindowNeverExported() {
		Path spec = exportTwoDays();
		int port = this.emulator.endpoint().getPort();
		this.emulator.close();
		// The same logs, and three more that arrived late in fn-a's first day.
		this.emulator = start(dataset().late("default", "fn-a", NOV_1.plusSeconds(3_600), 3, 0).build(), port);
		int servedBefore = this.emulator.servedCount();

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-04");

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(3);
		assertThat(reconcile.out()).containsPattern(
				"fn-a +2026-10-31T16:00:00Z 2026-11-01T16:00:00Z +(\\d+) +\\d+ +\\+3 +MISMATCH +MATCHED")
			.containsPattern("fn-b +2026-10-31T16:00:00Z 2026-11-01T16:00:00Z +(\\d+) +\\d+ +0 +MATCHED +MATCHED")
			.containsPattern("fn-a +2026-11-02T16:00:00Z 2026-11-03T16:00:00Z +\\d+ +MISSING")
			.contains("6 windows: 3 MATCHED, 1 MISMATCH, 2 MISSING");
		assertThat(this.emulator.servedCount() - servedBefore).as("one probe per target, then one count per window")
			.isEqualTo(2 + 6);
	}

	@Test
	void repairExportsTheDifferingWindowsAsNewVersionsThatKeepWhatTheyReplace() throws IOException {
		Path spec = exportTwoDays();
		Path folder = this.dir.resolve("archive/scf-test/fn-a/dt=2026-10-31");
		byte[] firstData = Files.readAllBytes(folder.resolve("20261031T160000Z_20261101T160000Z.csv"));
		byte[] firstManifest = Files.readAllBytes(folder.resolve("20261031T160000Z_20261101T160000Z.manifest.json"));
		int port = this.emulator.endpoint().getPort();
		this.emulator.close();
		this.emulator = start(dataset().late("default", "fn-a", NOV_1.plusSeconds(3_600), 3, 0).build(), port);

		CliRun repair = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", this.dir.resolve("home").toString());

		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.out()).containsSubsequence("+3", "MISMATCH", "Repairing [" + NOV_1 + ", "
				+ NOV_1.plusSeconds(86_400) + "):", "After the repair:", "4 windows: 4 MATCHED");
		Path kept = folder.resolve("20261031T160000Z_20261101T160000Z.versions/1");
		assertThat(kept.resolve("20261031T160000Z_20261101T160000Z.csv")).hasBinaryContent(firstData);
		assertThat(kept.resolve("20261031T160000Z_20261101T160000Z.manifest.json")).hasBinaryContent(firstManifest);
		String current = Files.readString(folder.resolve("20261031T160000Z_20261101T160000Z.manifest.json"));
		assertThat(current).contains("\"version\" : 2")
			.contains("\"manifest\" : \"scf-test/fn-a/dt=2026-10-31/20261031T160000Z_20261101T160000Z.versions/1/"
					+ "20261031T160000Z_20261101T160000Z.manifest.json\"")
			.contains("\"reason\" : \"reconcile --repair: 1 windows differed from their source\"")
			.contains("\"requestedBy\" : \"" + System.getProperty("user.name") + "\"");
		CliRun verify = CliRun.of("verify", this.dir.resolve("archive").toString());
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.out()).contains("12 objects, 5 window manifests, 2 run manifests: intact");
	}

	/** Exports 1 and 2 November of fn-a and fn-b from the sandbox. */
	private Path exportTwoDays() {
		this.emulator = start(dataset().build(), 0);
		Path spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDreconcile", "reconcile-key")
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun export = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03",
				"--home", this.dir.resolve("home").toString());
		assertThat(export.exitCode()).as(export.output()).isZero();
		return spec;
	}

	private static ScfDataset.Builder dataset() {
		return ScfDataset.builder(12)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * 86_400), 900)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(3 * 86_400), 600);
	}

	private static ScfEmulator start(ScfDataset dataset, int port) {
		return ScfEmulator.builder()
			.credential("AKIDreconcile", "reconcile-key")
			.dataset(dataset)
			.rateLimitPerSecond(0)
			.port(port)
			.build()
			.start();
	}

}
