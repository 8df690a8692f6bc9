package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;

import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A careful forger: edits a window manifest's counts or verdict, or a run manifest's verdict, and writes every new
 * SHA-256 into the last run manifest, so that every hash holds. {@code verify} still refuses the archive, because the
 * manifests contradict themselves or each other, naming the manifest and the disagreement.
 */
class ForgedManifestTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String MANIFEST = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.manifest.json";

	private static final String RUN = "_runs/test-export/000001.json";

	@TempDir
	static Path shared;

	private static Path archive;

	private static long records;

	@TempDir
	Path dir;

	@BeforeAll
	static void exportOneDayOfTwoFunctions() throws IOException {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDforged", "forged-key")
			.dataset(ScfDataset.builder(31)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(86_400), 500)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(86_400), 300)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			archive = shared.resolve("archive");
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(archive)
				.credentialFiles(shared.resolve("credentials"), "AKIDforged", "forged-key")
				.function("fn-a")
				.function("fn-b")
				.writeTo(shared.resolve("job.yaml"));
			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", shared.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
		}
		String manifest = Files.readString(archive.resolve(MANIFEST));
		records = Long.parseLong(manifest.replaceAll("(?s).*\"read\" : (\\d+).*", "$1"));
	}

	@Test
	void theUntouchedArchiveIsConsistent() {
		CliRun run = CliRun.of("verify", copy().toString());

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).doesNotContain("INCONSISTENT");
	}

	@Test
	void aMatchedVerdictOverAnExpectedCountThatDiffersFromReadIsInconsistent() throws IOException {
		Path copy = copy();
		// More expected than read, and missing set to agree, as a careful forger would.
		forgeWindow(copy, (json) -> json.replace("\"expected\" : " + records + ",", "\"expected\" : " + (records + 7)
				+ ",").replace("\"missing\" : 0", "\"missing\" : 7"));

		CliRun run = CliRun.of("verify", copy.toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("INCONSISTENT " + MANIFEST + ": verdict MATCHED contradicts its counts, which "
				+ "make it MISMATCH (expected=" + (records + 7) + " read=" + records + " duplicatesDropped=0 written="
				+ records + ")")
			.contains(": 1 problems")
			.doesNotContain("ALTERED")
			.doesNotContain("BROKEN_CHAIN")
			.doesNotContain("MALFORMED");
	}

	@Test
	void writtenAndDuplicatesThatDoNotAddUpToReadAreInconsistentWithMatched() throws IOException {
		Path copy = copy();
		// Read and expected raised alike: the file still holds what written says, but written no longer adds up.
		forgeWindow(copy, (json) -> json.replace("\"expected\" : " + records + ",", "\"expected\" : " + (records + 3)
				+ ",").replace("\"read\" : " + records + ",", "\"read\" : " + (records + 3) + ","));

		CliRun run = CliRun.of("verify", copy.toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("INCONSISTENT " + MANIFEST + ": verdict MATCHED contradicts its counts, which "
				+ "make it MISMATCH (expected=" + (records + 3) + " read=" + (records + 3) + " duplicatesDropped=0 written="
				+ records + ": written + duplicatesDropped is " + records + ", not read)")
			.doesNotContain("ALTERED");
	}

	@Test
	void aCapThatHidRecordsUnderAMatchedVerdictIsInconsistent() throws IOException {
		Path copy = copy();
		forgeWindow(copy, (json) -> json.replace("\"missedByCap\" : 0", "\"missedByCap\" : 12"));

		CliRun run = CliRun.of("verify", copy.toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("INCONSISTENT " + MANIFEST + ": verdict MATCHED contradicts its counts, which "
				+ "make it TRUNCATED (")
			.contains("missedByCap=12");
	}

	@Test
	void aRunManifestListingAnotherVerdictThanTheWindowManifestsIsInconsistent() throws IOException {
		Path copy = copy();
		Path run = copy.resolve(RUN);
		String json = Files.readString(run);
		int entry = json.indexOf("\"manifest\" : \"" + MANIFEST + "\"");
		int verdict = json.indexOf("\"verdict\" : \"MATCHED\"", entry);
		Files.writeString(run, json.substring(0, verdict) + "\"verdict\" : \"MISMATCH\""
				+ json.substring(verdict + "\"verdict\" : \"MATCHED\"".length()));

		CliRun verified = CliRun.of("verify", copy.toString());

		assertThat(verified.exitCode()).as(verified.output()).isEqualTo(5);
		assertThat(verified.out()).contains("INCONSISTENT " + MANIFEST + ": " + RUN
				+ " lists it as MISMATCH, but its verdict is MATCHED")
			.contains(": 1 problems");
	}

	@Test
	void aVerdictChangedInBothManifestsIsInconsistentWithTheCounts() throws IOException {
		Path copy = copy();
		// MATCHED counts, called MISMATCH everywhere: what an unreconciled day forged into a reconciled one is, reversed.
		forgeWindow(copy, (json) -> json.replace("\"verdict\" : \"MATCHED\"", "\"verdict\" : \"MISMATCH\""));
		Path run = copy.resolve(RUN);
		String json = Files.readString(run);
		int entry = json.indexOf("\"manifest\" : \"" + MANIFEST + "\"");
		int verdict = json.indexOf("\"verdict\" : \"MATCHED\"", entry);
		Files.writeString(run, json.substring(0, verdict) + "\"verdict\" : \"MISMATCH\""
				+ json.substring(verdict + "\"verdict\" : \"MATCHED\"".length()));

		CliRun verified = CliRun.of("verify", copy.toString());

		assertThat(verified.exitCode()).as(verified.output()).isEqualTo(5);
		assertThat(verified.out()).contains("INCONSISTENT " + MANIFEST + ": verdict MISMATCH contradicts its counts, "
				+ "which make it MATCHED (")
			.doesNotContain("lists it as");
	}

	/** Edits the window manifest, and writes its new SHA-256 where the last run manifest recorded the old one. */
	private static void forgeWindow(Path copy, UnaryOperator<String> edit) throws IOException {
		Path manifest = copy.resolve(MANIFEST);
		String before = Sha256.of(manifest);
		String edited = edit.apply(Files.readString(manifest));
		assertThat(edited).as("the edit applies").isNotEqualTo(Files.readString(manifest));
		Files.writeString(manifest, edited);
		Path run = copy.resolve(RUN);
		Files.writeString(run, Files.readString(run).replace(before, Sha256.of(manifest)));
	}

	/** A copy of the shared archive, to forge. */
	private Path copy() {
		return ArchiveFiles.copy(archive, this.dir.resolve("copy"));
	}

}
