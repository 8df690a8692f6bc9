package dev.logtally.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally reconcile} against the SCF sandbox: a window that gained logs after it was exported, a window that
 * was never exported, and windows that still match, each found with one count request per window; a window whose
 * export was not MATCHED, which no count can clear; legacy windows the source cannot count, judged by their export;
 * and manifests logtally cannot trust, each a one-line error.
 */
class ReconcileTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	/** fn-a's window of 1 November, its data and manifest keys without their extension. */
	private static final String FN_A_DAY_1 = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	private ScfLegacyEmulator legacy;

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
		if (this.legacy != null) {
			this.legacy.close();
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
				"fn-a +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +(\\d+) +\\d+ +\\+3 +MISMATCH +MATCHED")
			.containsPattern("fn-b +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +(\\d+) +\\d+ +0 +MATCHED +MATCHED")
			.containsPattern("fn-a +2026-11-03T00:00:00\\+08:00 2026-11-04T00:00:00\\+08:00 +\\d+ +MISSING")
			.contains("6 windows: 3 MATCHED, 1 MISMATCH, 2 MISSING");
		assertThat(this.emulator.servedCount() - servedBefore).as("one probe per target, then one count per window")
			.isEqualTo(2 + 6);
	}

	@Test
	void repairExportsTheDifferingWindowsAsNewVersionsThatKeepWhatTheyReplace() throws IOException {
		Path spec = exportTwoDays();
		Path folder = this.dir.resolve("archive/scf-test/fn-a/dt=2026-11-01");
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
			.contains("\"manifest\" : \"scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.versions/1/"
					+ "20261031T160000Z_20261101T160000Z.manifest.json\"")
			.contains("\"reason\" : \"reconcile --repair: 1 window not MATCHED (1 MISMATCH)\"")
			.contains("\"requestedBy\" : \"" + System.getProperty("user.name") + "\"");
		CliRun verify = CliRun.of("verify", this.dir.resolve("archive").toString());
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(verify.out()).contains("12 objects, 5 window manifests, 2 run manifests: intact");

		// The repair's run was reported: exporting its range again is the next attempt, not a report of the repair.
		CliRun again = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString());
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(CliRun.of("verify", this.dir.resolve("archive").toString()).out()).contains("3 run manifests: intact");
	}

	@Test
	void aWindowExportedAsMismatchIsNotMatchedWhenTheSourceNowCountsWhatItRead() throws IOException {
		Path spec = exportTwoDays();
		rewriteAsTheIncident();

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03");

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(3);
		assertThat(reconcile.out()).containsPattern(
				"fn-a +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +(\\d+) +\\1 +0 +EXPORTED_NOT_MATCHED +MISMATCH")
			.contains("4 windows: 3 MATCHED, 1 EXPORTED_NOT_MATCHED");
	}

	@Test
	void repairExportsAgainAWindowExportedAsMismatchThoughItsCountsAgreeUntilItIsMatched() throws IOException {
		Path spec = exportTwoDays();
		rewriteAsTheIncident();

		CliRun repair = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", this.dir.resolve("home").toString());

		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.out()).containsSubsequence("EXPORTED_NOT_MATCHED", "Repairing [" + NOV_1 + ", "
				+ NOV_1.plusSeconds(86_400) + "):", "After the repair:", "4 windows: 4 MATCHED");
		assertFnADay1HoldsEveryLogOnce();
		assertThat(Files.readString(this.dir.resolve("archive").resolve(FN_A_DAY_1 + ".manifest.json")))
			.contains("\"verdict\" : \"MATCHED\"")
			.contains("\"version\" : 2")
			.contains("\"reason\" : \"reconcile --repair: 1 window not MATCHED (1 EXPORTED_NOT_MATCHED)\"");
	}

	@Test
	void legacyWindowsTheSourceCannotCountAreJudgedByTheirExportAndAllMatchedExitsZero() {
		Path spec = exportTwoLegacyDays();

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03");

		assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
		assertThat(reconcile.out())
			.containsPattern("fn-a +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +\\d+ +UNCOUNTED +MATCHED")
			.contains("2 windows: 2 UNCOUNTED");
	}

	@Test
	void legacyRepairWithNothingToRepairSaysSo() {
		Path spec = exportTwoLegacyDays();

		CliRun repair = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", this.dir.resolve("home").toString());

		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.out()).contains("2 windows: 2 UNCOUNTED").contains("Nothing to repair").doesNotContain(
				"Repairing");
		assertThat(repair.err()).isEmpty();
	}

	@Test
	void legacyRepairExportsAgainAWindowExportedAsNotMatched() throws IOException {
		Path spec = exportTwoLegacyDays();
		rewriteAsTheIncident();

		CliRun repair = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", this.dir.resolve("home").toString());

		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.out()).containsPattern(
				"fn-a +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +\\d+ +EXPORTED_NOT_MATCHED +MISMATCH")
			.containsSubsequence("2 windows: 1 UNCOUNTED, 1 EXPORTED_NOT_MATCHED",
					"Repairing [" + NOV_1 + ", " + NOV_1.plusSeconds(86_400) + "):", "After the repair:",
					"2 windows: 2 UNCOUNTED");
		assertFnADay1HoldsEveryLogOnce();
	}

	/** Manifests that logtally did not write as they are, and a manifest it cannot read. */
	enum Corruption {

		NOT_JSON("is not valid JSON") {
			@Override
			void apply(Path manifest) throws IOException {
				Files.writeString(manifest, "{\"format\" : \"logtally.window-manifest/1\", \"verdict\" : ");
			}
		},
		ANOTHER_FORMAT("format \"logtally.run-manifest/1\"") {
			@Override
			void apply(Path manifest) throws IOException {
				replace(manifest, "logtally.window-manifest/1", "logtally.run-manifest/1");
			}
		},
		NO_VERDICT("has no verdict") {
			@Override
			void apply(Path manifest) throws IOException {
				replace(manifest, "  \"verdict\" : \"MATCHED\",\n", "");
			}
		},
		UNKNOWN_VERDICT("verdict \"PROBABLY_FINE\" is not one of MATCHED") {
			@Override
			void apply(Path manifest) throws IOException {
				replace(manifest, "\"verdict\" : \"MATCHED\"", "\"verdict\" : \"PROBABLY_FINE\"");
			}
		},
		READ_NOT_A_NUMBER("counts.read is not a whole number") {
			@Override
			void apply(Path manifest) throws IOException {
				Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"read\" : (\\d+)",
						"\"read\" : \"$1\""));
			}
		},
		ANOTHER_WINDOW("is the manifest of scf-test/fn-b") {
			@Override
			void apply(Path manifest) throws IOException {
				replace(manifest, "\"target\" : \"fn-a\"", "\"target\" : \"fn-b\"");
			}
		},
		UNREADABLE("cannot read") {
			@Override
			void apply(Path manifest) throws IOException {
				Files.delete(manifest);
				Files.createDirectory(manifest);
			}
		};

		final String why;

		Corruption(String why) {
			this.why = why;
		}

		abstract void apply(Path manifest) throws IOException;

		private static void replace(Path file, String from, String to) throws IOException {
			String text = Files.readString(file);
			assertThat(text).contains(from);
			Files.writeString(file, text.replace(from, to));
		}

	}

	@ParameterizedTest
	@EnumSource
	void aManifestLogtallyCannotTrustIsAOneLineErrorNamingItAndWhyNotAStackTrace(Corruption corruption)
			throws IOException {
		Path spec = exportTwoDays();
		corruption.apply(this.dir.resolve("archive").resolve(FN_A_DAY_1 + ".manifest.json"));

		CliRun reconcile = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01",
				"--to", "2026-11-03", "--home", this.dir.resolve("home").toString());

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(1);
		assertThat(reconcile.err().strip()).as(reconcile.output())
			.doesNotContain("\n")
			.startsWith("logtally: ")
			.contains(FN_A_DAY_1 + ".manifest.json")
			.contains(corruption.why)
			.doesNotContain("Exception");
		assertThat(reconcile.out()).doesNotContain("Repairing");
	}

	@Test
	void aSourceThatCannotCountAWindowIsAOneLineErrorNamingItNotAStackTrace() {
		this.emulator = start(dataset().build(), 0);
		// fn-b answers the check before the run, then is deleted: the source cannot count its window.
		this.emulator.faults().deleteFunction("fn-b", 1);
		Path spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDreconcile", "reconcile-key")
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun reconcile = CliRun.of("reconcile", "--repair", "--job", spec.toString(), "--from", "2026-11-01",
				"--to", "2026-11-02", "--home", this.dir.resolve("home").toString());

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(1);
		assertThat(reconcile.err().strip()).as(reconcile.output())
			.doesNotContain("\n")
			.startsWith("logtally: cannot count scf-test/fn-b [2026-10-31T16:00:00Z, 2026-11-01T16:00:00Z): ")
			.contains("ResourceNotFound")
			.doesNotContain("Exception");
		assertThat(reconcile.out()).doesNotContain("Repairing");
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

	/** Exports 1 and 2 November of fn-a from the legacy SCF API, which cannot count a window. */
	private Path exportTwoLegacyDays() {
		this.legacy = ScfLegacyEmulator.builder()
			.credential("AKIDreconcile", "reconcile-key")
			.dataset(dataset().build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		Path spec = SpecBuilder.forEndpoint(this.legacy.endpoint())
			.sourceType("tencent-scf-legacy")
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDreconcile", "reconcile-key")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun export = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03",
				"--home", this.dir.resolve("home").toString());
		assertThat(export.exitCode()).as(export.output()).isZero();
		return spec;
	}

	/**
	 * Leaves fn-a's window of 1 November as issue 23's incident did: SCF offset paging shifted while logs arrived, so
	 * the window holds two logs twice and misses two others (as many rows as the source counts), and its export said
	 * MISMATCH because the count changed while it was read. The window is exported for real and then its CSV and
	 * manifest (bytes, SHA-256, countChangeDuringRead, verdict) are rewritten so, rather than produced by logs arriving
	 * during the export: readers may read a window again when its count changes while it is paged, so late logs need
	 * not give a MISMATCH, and these tests need that verdict whatever readers do.
	 */
	private void rewriteAsTheIncident() throws IOException {
		Path csv = this.dir.resolve("archive").resolve(FN_A_DAY_1 + ".csv");
		List<List<String>> rows = new ArrayList<>(ArchiveFiles.parse(csv).stream().map(CSVRecord::toList).toList());
		rows.set(11, rows.get(10));
		rows.set(21, rows.get(20));
		StringBuilder text = new StringBuilder();
		try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.RFC4180)) {
			printer.printRecords(rows);
		}
		byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		Files.write(csv, bytes);
		Path manifest = this.dir.resolve("archive").resolve(FN_A_DAY_1 + ".manifest.json");
		Files.writeString(manifest, Files.readString(manifest)
			.replaceFirst("\"bytes\" : \\d+", "\"bytes\" : " + bytes.length)
			.replaceFirst("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"" + Sha256.of(bytes) + "\"")
			.replace("\"countChangeDuringRead\" : 0", "\"countChangeDuringRead\" : 2")
			.replace("\"verdict\" : \"MATCHED\"", "\"verdict\" : \"MISMATCH\""));
	}

	/** The rows of fn-a's window of 1 November as the archive holds them now, and as the source holds them. */
	private void assertFnADay1HoldsEveryLogOnce() throws IOException {
		List<CSVRecord> records = ArchiveFiles.parse(this.dir.resolve("archive").resolve(FN_A_DAY_1 + ".csv"));
		assertThat(records.subList(1, records.size()).stream().map(CSVRecord::toList).toList()).as("every log once")
			.isEqualTo(dataset().build()
				.logs("default", "fn-a")
				.stream()
				.filter((log) -> log.startTime().isBefore(NOV_1.plusSeconds(86_400)))
				.map(ArchiveFiles::expectedRow)
				.toList());
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
