package dev.logtally.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally verify} on a local archive written by three runs (a chain of three run manifests), intact and then
 * tampered with in each way an auditor needs to see.
 */
class VerifyCommandTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String DATA = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.csv.gz";

	private static final String MANIFEST = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z.manifest.json";

	@TempDir
	static Path shared;

	private static Path archive;

	@TempDir
	Path dir;

	@BeforeAll
	static void exportThreeDaysInThreeRuns() {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDverify", "verify-key")
			.dataset(ScfDataset.builder(17)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 900)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(3 * 86_400), 600)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			archive = shared.resolve("archive");
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(archive)
				.gzip()
				.credentialFiles(shared.resolve("credentials"), "AKIDverify", "verify-key")
				.function("fn-a")
				.function("fn-b")
				.writeTo(shared.resolve("job.yaml"));
			for (String[] range : new String[][] { { "2026-11-01", "2026-11-02" }, { "2026-11-02", "2026-11-03" },
					{ "2026-11-03", "2026-11-04" } }) {
				CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", range[0], "--to", range[1],
						"--home", shared.resolve("home").toString());
				assertThat(run.exitCode()).as(run.output()).isZero();
			}
		}
	}

	@Test
	void anIntactArchivePassesAndItsChainEndIsPrintedToBeKeptElsewhere() throws IOException {
		Path copy = copy();
		CliRun run = verify(copy);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("15 objects, 6 window manifests, 3 run manifests: intact")
			.contains("last run manifest of test-export: _runs/test-export/000003.json sha256 "
					+ dev.logtally.archive.Sha256.of(copy.resolve("_runs/test-export/000003.json")));
	}

	@Test
	void namesAnObjectWithOneByteChanged() throws IOException {
		Path copy = copy();
		byte[] bytes = Files.readAllBytes(copy.resolve(DATA));
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(copy.resolve(DATA), bytes);

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("ALTERED " + DATA + ": has SHA-256 ").contains(", but " + MANIFEST + " says ")
			.contains(" problems");
	}

	@Test
	void namesADeletedObject() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve(DATA));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("MISSING " + DATA + ": named by " + MANIFEST);
	}

	@Test
	void namesAnEditedManifestAndTheRunManifestThatRecordedIt() throws IOException {
		Path copy = copy();
		Path manifest = copy.resolve(MANIFEST);
		Files.writeString(manifest,
				Files.readString(manifest).replace("\"verdict\" : \"MATCHED\"", "\"verdict\" : \"MATCHED \""));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("ALTERED " + MANIFEST + ": has SHA-256 ")
			.contains(", but _runs/test-export/000001.json recorded ");
	}

	@Test
	void namesAManifestThatIsNotJsonAsMalformed() throws IOException {
		Path copy = copy();
		Files.writeString(copy.resolve(MANIFEST), "{\"format\" : \"logtally.window-manifest/1\", \"verdict\" : ");

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("ALTERED " + MANIFEST + ": has SHA-256 ")
			.contains("MALFORMED " + MANIFEST + ": is not valid JSON (")
			.doesNotContain("Exception");
	}

	@Test
	void namesAnEditedManifestThatLogtallyCannotHaveWrittenAsMalformedAndWhy() throws IOException {
		Path copy = copy();
		Path manifest = copy.resolve(MANIFEST);
		Files.writeString(manifest,
				Files.readString(manifest).replace("\"verdict\" : \"MATCHED\"", "\"verdict\" : \"MATCHED \""));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("MALFORMED " + MANIFEST
				+ ": verdict \"MATCHED \" is not one of MATCHED, MISMATCH, TRUNCATED, INCOMPLETE");
	}

	@Test
	void namesAManifestWhoseDataFileIsNotBesideItAsMalformed() throws IOException {
		Path copy = copy();
		Path manifest = copy.resolve(MANIFEST);
		String file = DATA.substring(DATA.lastIndexOf('/') + 1);
		Files.writeString(manifest, Files.readString(manifest).replace("\"file\" : \"" + file + "\"",
				"\"file\" : \"../fn-b/" + file + "\""));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("MALFORMED " + MANIFEST + ": file \"../fn-b/" + file
				+ "\" is not the name of a file beside the manifest");
	}

	@Test
	void namesARunManifestRemovedFromTheChainAndTheWindowsOnlyItListed() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve("_runs/test-export/000002.json"));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("BROKEN_CHAIN _runs/test-export/000003.json: links back to "
				+ "_runs/test-export/000002.json, which is missing (the run manifest before it is "
				+ "_runs/test-export/000001.json)")
			.contains("UNCOVERED scf-test/fn-a/dt=2026-11-02/20261101T160000Z_20261102T160000Z.manifest.json");
	}

	@Test
	void namesAnAlteredRunManifestThroughTheLinkOfTheNextOne() throws IOException {
		Path copy = copy();
		Path first = copy.resolve("_runs/test-export/000001.json");
		Files.writeString(first, Files.readString(first) + " ");

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out()).contains("BROKEN_CHAIN _runs/test-export/000002.json: recorded SHA-256 ")
			.contains("_runs/test-export/000001.json was altered");
	}

	@Test
	void namesTheWindowsOfARemovedLastRunManifestAndAnObjectNobodyWrote() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve("_runs/test-export/000003.json"));
		Files.writeString(copy.resolve("scf-test/fn-b/extra.csv"), "RequestId\r\nforged\r\n");

		CliRun run = verify(copy);

		assertThat(run.exitCode()).isEqualTo(5);
		assertThat(run.out())
			.contains("UNCOVERED scf-test/fn-a/dt=2026-11-03/20261102T160000Z_20261103T160000Z.manifest.json")
			.contains("UNEXPECTED scf-test/fn-b/extra.csv: no manifest names it");
	}

	@Test
	void aDestinationThatIsNotADirectoryIsInvalidInput() {
		CliRun run = verify(this.dir.resolve("nothing-here"));

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("is not a directory");
	}

	private static CliRun verify(Path archive) {
		return CliRun.of("verify", archive.toString());
	}

	/** A copy of the shared archive, to tamper with. */
	private Path copy() {
		return ArchiveFiles.copy(archive, this.dir.resolve("archive"));
	}

	static String text(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

}
