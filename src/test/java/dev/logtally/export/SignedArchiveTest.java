package dev.logtally.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Instant;

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
 * A job that signs its run manifests, through the command line: three runs, the first two signed with the key
 * {@code ops-2026}, the third with {@code ops-2027} after the spec's key was rotated. {@code verify --public-key} then
 * passes with both public keys, and names every way an attacker with write access to the archive, but without the
 * private key, can try to pass off a run.
 */
class SignedArchiveTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String RUNS = "_runs/test-export/";

	@TempDir
	static Path shared;

	private static Path archive;

	private static Path keys;

	private static ScfEmulator emulator;

	@TempDir
	Path dir;

	@BeforeAll
	static void exportThreeDaysSigningTheLastWithARotatedKey() {
		keys = shared.resolve("keys");
		assertThat(CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops-2026").exitCode()).isZero();
		assertThat(CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops-2027").exitCode()).isZero();
		emulator = ScfEmulator.builder()
			.credential("AKIDsigned", "signed-key")
			.dataset(ScfDataset.builder(23)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 500)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		try {
			archive = shared.resolve("archive");
			export(spec(shared, "ops-2026"), "2026-11-01", "2026-11-02");
			export(spec(shared, "ops-2026"), "2026-11-02", "2026-11-03");
			export(spec(shared, "ops-2027"), "2026-11-03", "2026-11-04");
		}
		finally {
			emulator.close();
		}
	}

	@Test
	void aSignedArchiveVerifiesWithThePublicKeysOfEveryKeyThatSignedIt() throws IOException {
		CliRun run = verify(copy(), "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("signatures: 3 of 3 run manifests signed (key ids ops-2026, ops-2027), "
				+ "checked with the public keys ops-2026, ops-2027")
			.contains("3 run manifests: intact");
		assertThat(text(archive.resolve(RUNS + "000003.json.sig"))).contains("\"algorithm\" : \"Ed25519\"")
			.contains("\"keyId\" : \"ops-2027\"")
			.contains("\"key\" : \"" + RUNS + "000003.json\"")
			.contains("\"sha256\" : \"" + dev.logtally.archive.Sha256.of(archive.resolve(RUNS + "000003.json")));
	}

	@Test
	void eachRunsReportNamesTheKeyIdItsRunManifestWasSignedWith() throws IOException {
		List<String> keyIds = new java.util.ArrayList<>();
		try (var reports = Files.list(shared.resolve("home/reports/test-export"))) {
			for (Path report : reports.filter((file) -> file.toString().endsWith(".json")).sorted().toList()) {
				keyIds.add(tools.jackson.databind.json.JsonMapper.builder().build().readTree(report.toFile())
					.get("signatureKeyId").asString());
			}
		}

		assertThat(keyIds).containsExactly("ops-2026", "ops-2026", "ops-2027");
	}

	@Test
	void withoutPublicKeysSignaturesAreCountedAsNotCheckedAndDoNotFailTheArchive() throws IOException {
		CliRun run = verify(copy());

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("signatures: 3 of 3 run manifests signed (key ids ops-2026, ops-2027), not "
				+ "checked: give the public keys to check them")
			.doesNotContain("UNEXPECTED");
	}

	@Test
	void afterARotationTheRunsOfAKeyWhosePublicKeyIsNotGivenFailNamingItsKeyId() throws IOException {
		CliRun run = verify(copy(), "ops-2026");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000003.json.sig: signed by key id \"ops-2027\", "
				+ "which none of the public keys given is (given: ops-2026)")
			.doesNotContain("000001.json.sig:")
			.contains("1 problems");
	}

	@Test
	void aRunManifestWithOneByteFlippedFailsItsSignature() throws IOException {
		Path copy = copy();
		Path first = copy.resolve(RUNS + "000001.json");
		byte[] bytes = Files.readAllBytes(first);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(first, bytes);

		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000001.json.sig: was made over SHA-256 ")
			.contains(RUNS + "000001.json now has SHA-256 " + dev.logtally.archive.Sha256.of(first)
					+ ": the run manifest was altered after it was signed");
	}

	@Test
	void theNewestRunManifestEditedFailsThoughTheChainCannotSeeIt() throws IOException {
		Path copy = copy();
		Path newest = copy.resolve(RUNS + "000003.json");
		Files.writeString(newest, Files.readString(newest).replace("\"attempt\" : 1", "\"attempt\" : 2"));

		assertThat(verify(copy).exitCode()).as("the hash chain alone").isZero();
		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000003.json.sig: was made over SHA-256 ")
			.contains(RUNS + "000003.json now has SHA-256 " + dev.logtally.archive.Sha256.of(newest)
					+ ": the run manifest was altered after it was signed");
	}

	@Test
	void aRunManifestAndSignatureSwappedInFromAnotherKeyFailAsAnUnknownKeyId() throws IOException {
		Path copy = copy();
		Path other = resignedBy(copy, "mallory", "mallory");

		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(Files.exists(other)).isTrue();
		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000003.json.sig: signed by key id \"mallory\", "
				+ "which none of the public keys given is (given: ops-2026, ops-2027)");
	}

	@Test
	void aRunManifestSignedByAnotherKeyUnderAKnownKeyIdFailsAsASignatureThatDoesNotHold() throws IOException {
		Path copy = copy();
		resignedBy(copy, "forger", "ops-2027");

		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000003.json.sig: does not verify over " + RUNS
				+ "000003.json with the public key \"ops-2027\"");
	}

	@Test
	void aValidSignatureOfAnotherRunManifestCopiedBesideThisOneFailsNamingWhatItSigns() throws IOException {
		Path copy = copy();
		Files.copy(copy.resolve(RUNS + "000001.json.sig"), copy.resolve(RUNS + "000002.json.sig"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);

		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("BAD_SIGNATURE " + RUNS + "000002.json.sig: signs " + RUNS + "000001.json, not "
				+ "the run manifest beside it, " + RUNS + "000002.json");
	}

	@Test
	void aRemovedSignatureFailsAsAnUnsignedRunManifest() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve(RUNS + "000002.json.sig"));

		CliRun run = verify(copy, "ops-2026", "ops-2027");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("UNSIGNED " + RUNS + "000002.json: has no signature " + RUNS
				+ "000002.json.sig beside it, and public keys were given");
	}

	@Test
	void aSignatureWhoseRunManifestWasRemovedFailsEvenWithoutPublicKeys() throws IOException {
		Path copy = copy();
		Files.delete(copy.resolve(RUNS + "000003.json"));

		CliRun run = verify(copy);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
		assertThat(run.out()).contains("MISSING " + RUNS + "000003.json: its signature " + RUNS
				+ "000003.json.sig is there, the run manifest is not: it was removed");
	}

	@Test
	void aPublicKeyFileThatIsNoPublicKeyIsInvalidInputNamingIt() throws IOException {
		CliRun privateKey = CliRun.of("verify", copy().toString(), "--public-key",
				keys.resolve("ops-2026.key").toString());
		CliRun missing = CliRun.of("verify", archive.toString(), "--public-key",
				this.dir.resolve("nobody.pub").toString());

		assertThat(privateKey.exitCode()).isEqualTo(2);
		assertThat(privateKey.err()).contains("--public-key " + keys.resolve("ops-2026.key")
				+ ": holds a PRIVATE KEY, not an Ed25519 public key in PEM").doesNotContain("Exception");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("--public-key " + this.dir.resolve("nobody.pub")
				+ ": file does not exist or is not a regular file");
	}

	@Test
	void validateReadsTheSigningKeyAndSaysWhichKeySigns() throws IOException {
		try (ScfEmulator running = ScfEmulator.builder()
			.credential("AKIDsigned", "signed-key")
			.dataset(ScfDataset.builder(23).function("default", "fn-a", DAY_1, DAY_1.plusSeconds(86_400), 10).build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			String yaml = SpecBuilder.forEndpoint(running.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDsigned", "signed-key")
				.function("fn-a")
				.yaml();
			Path good = write(this.dir.resolve("good.yaml"), yaml + "signing:\n  key: {file: "
					+ keys.resolve("ops-2026.key") + "}\n  keyId: ops-2026\n");
			Path publicKeyAsKey = write(this.dir.resolve("bad.yaml"), yaml + "signing:\n  key: {file: "
					+ keys.resolve("ops-2026.pub") + "}\n  keyId: ops-2026\n");

			CliRun valid = CliRun.of("validate", "--job", good.toString(), "--home", this.dir.resolve("home").toString());
			CliRun invalid = CliRun.of("validate", "--job", publicKeyAsKey.toString(), "--home",
					this.dir.resolve("home").toString());

			assertThat(valid.exitCode()).as(valid.output()).isZero();
			assertThat(valid.out()).contains("signing: ok (Ed25519 key ops-2026 signs every run manifest)");
			assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(2);
			assertThat(invalid.err()).contains("signing.key: file " + keys.resolve("ops-2026.pub")
					+ " holds a PUBLIC KEY, not an Ed25519 private key in PKCS#8 PEM");
			assertThat(this.dir.resolve("archive")).doesNotExist();
		}
	}

	/**
	 * An attacker's own run manifest in place of the newest one: the original with one window's verdict changed, chained
	 * as the original, and signed with a key of the attacker's.
	 * @return the attacker's key
	 */
	private Path resignedBy(Path copy, String keyName, String claimedKeyId) throws IOException {
		Path attacker = this.dir.resolve("attacker-" + keyName);
		assertThat(CliRun.of("keygen", "--out", attacker.toString(), "--key-id", claimedKeyId).exitCode()).isZero();
		Path newest = copy.resolve(RUNS + "000003.json");
		byte[] forged = Files.readString(newest).replace("\"attempt\" : 1", "\"attempt\" : 2")
			.getBytes(StandardCharsets.UTF_8);
		Files.write(newest, forged);
		java.security.PrivateKey key = dev.logtally.jobspec.Ed25519Pem
			.privateKey(Files.readString(attacker.resolve(claimedKeyId + ".key")));
		Files.write(copy.resolve(RUNS + "000003.json.sig"), dev.logtally.archive.RunManifestSignature
			.sign(new dev.logtally.jobspec.SigningKey(claimedKeyId, key), RUNS + "000003.json", forged)
			.toJson());
		return attacker.resolve(claimedKeyId + ".key");
	}

	private static void export(Path spec, String from, String to) {
		CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home",
				shared.resolve("home").toString());
		assertThat(run.exitCode()).as(run.output()).isZero();
	}

	private static Path spec(Path dir, String keyId) {
		String yaml = SpecBuilder.forEndpoint(emulator.endpoint())
			.destination(archive)
			.credentialFiles(dir.resolve("credentials"), "AKIDsigned", "signed-key")
			.function("fn-a")
			.yaml();
		return write(dir.resolve("job.yaml"), yaml + "signing:\n  key: {file: " + keys.resolve(keyId + ".key")
				+ "}\n  keyId: " + keyId + "\n");
	}

	static Path write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static CliRun verify(Path archive, String... keyIds) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("verify", archive.toString()));
		for (String keyId : keyIds) {
			args.add("--public-key");
			args.add(keys.resolve(keyId + ".pub").toString());
		}
		return CliRun.of(args.toArray(String[]::new));
	}

	/** A copy of the shared archive, to tamper with. */
	private Path copy() {
		return ArchiveFiles.copy(archive, this.dir.resolve("archive"));
	}

	private static String text(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

}
