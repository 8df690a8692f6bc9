package dev.logtally.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.logtally.jobspec.Ed25519Pem;
import dev.logtally.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code logtally keygen}: a key pair for signing run manifests, the private half readable by its owner only. */
class KeygenCommandTest {

	@TempDir
	Path dir;

	@Test
	void writesAPrivateKeyOnlyItsOwnerReadsAndAPublicKeyThatVerifiesItsSignatures() throws Exception {
		Path keys = this.dir.resolve("keys");
		CliRun run = CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops-2026");

		assertThat(run.exitCode()).as(run.output()).isZero();
		Path privateFile = keys.resolve("ops-2026.key");
		Path publicFile = keys.resolve("ops-2026.pub");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicFile))).isEqualTo("rw-r--r--");
		assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
		assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n");
		assertThat(run.out()).contains("private key: " + privateFile)
			.contains("public key:  " + publicFile)
			.contains("key id:      ops-2026")
			.contains("signing:\n  key: {file: " + privateFile + "}\n  keyId: ops-2026\n")
			.doesNotContain(Files.readString(privateFile).lines().skip(1).findFirst().orElseThrow());

		PrivateKey privateKey = Ed25519Pem.privateKey(Files.readString(privateFile));
		PublicKey publicKey = Ed25519Pem.publicKey(Files.readString(publicFile));
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(privateKey);
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(publicKey);
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void refusesToOverwriteEitherFileOfAKeyAndLeavesItAsItWas() throws Exception {
		Path keys = this.dir.resolve("keys");
		assertThat(CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops").exitCode()).isZero();
		String before = Files.readString(keys.resolve("ops.key"));
		Files.delete(keys.resolve("ops.pub"));
		Files.writeString(keys.resolve("lone.pub"), "published\n");

		CliRun again = CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops");
		CliRun lonePublic = CliRun.of("keygen", "--out", keys.toString(), "--key-id", "lone");

		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("logtally: " + keys.resolve("ops.key") + " exists: keygen never replaces a key");
		assertThat(Files.readString(keys.resolve("ops.key"))).isEqualTo(before);
		assertThat(keys.resolve("ops.pub")).doesNotExist();
		assertThat(lonePublic.exitCode()).isEqualTo(2);
		assertThat(lonePublic.err()).contains(keys.resolve("lone.pub") + " exists");
		assertThat(keys.resolve("lone.key")).doesNotExist();
	}

	@Test
	void namesTheKeyAfterTheDayWithoutAKeyIdAndRefusesAKeyIdThatIsNoFileName() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneOffset.UTC);
		CliRun dated = CliRun.at(clock, Map.of(), "keygen", "--out", this.dir.toString());
		CliRun bad = CliRun.of("keygen", "--out", this.dir.toString(), "--key-id", "../ops");

		assertThat(dated.exitCode()).as(dated.output()).isZero();
		assertThat(this.dir.resolve("logtally-2026-12-07.key")).exists();
		assertThat(bad.exitCode()).isEqualTo(2);
		assertThat(bad.err()).contains("--key-id \"../ops\" must be 1-64 letters, digits");
	}

}
