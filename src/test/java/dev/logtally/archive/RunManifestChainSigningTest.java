package dev.logtally.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import dev.logtally.jobspec.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signing chain writes each run manifest's signature beside it, and leaves the run manifest's bytes as an unsigned
 * chain writes them; a run that writes its manifest again (restarted after a crash, or published again) writes the
 * same signature, byte for byte.
 */
class RunManifestChainSigningTest {

	private static final Instant FROM = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant TO = Instant.parse("2026-11-01T16:00:00Z");

	private static final List<RunManifest.Window> WINDOWS = List.of(new RunManifest.Window(
			new RunManifest.Link("scf/fn/dt=2026-11-01/20261031T160000Z_20261101T160000Z.manifest.json",
					"ab".repeat(32)), "MATCHED"));

	@TempDir
	Path dir;

	@Test
	void aSignedRunManifestHasTheBytesOfAnUnsignedOneAndItsSignatureBesideIt() throws Exception {
		SigningKey key = new SigningKey("ops", ed25519().getPrivate());
		Path signed = this.dir.resolve("signed");
		Path unsigned = this.dir.resolve("unsigned");
		new RunManifestChain(new LocalDirectoryStore(signed), key).append("job", FROM, TO, 1, WINDOWS, null);
		new RunManifestChain(new LocalDirectoryStore(unsigned)).append("job", FROM, TO, 1, WINDOWS, null);

		assertThat(signed.resolve("_runs/job/000001.json")).hasSameBinaryContentAs(unsigned.resolve("_runs/job/000001.json"));
		assertThat(unsigned.resolve("_runs/job/000001.json.sig")).doesNotExist();
		RunManifestSignature signature = RunManifestSignature.parse(
				Files.readAllBytes(signed.resolve("_runs/job/000001.json.sig")));
		assertThat(signature.keyId()).isEqualTo("ops");
		assertThat(signature.signed()).isEqualTo(new RunManifest.Link("_runs/job/000001.json",
				Sha256.of(signed.resolve("_runs/job/000001.json"))));
		assertThat(ArchiveLayout.isRunManifestKey("job", "_runs/job/000001.json.sig")).isFalse();
	}

	@Test
	void aRunManifestWrittenAgainAfterACrashBeforeItsSignatureGetsTheSameSignatureBytes() throws Exception {
		SigningKey key = new SigningKey("ops", ed25519().getPrivate());
		Path archive = this.dir.resolve("archive");
		RunManifestChain chain = new RunManifestChain(new LocalDirectoryStore(archive), key);
		chain.append("job", FROM, TO, 1, WINDOWS, null);
		Path signature = archive.resolve("_runs/job/000001.json.sig");
		byte[] first = Files.readAllBytes(signature);

		// Killed between the run manifest and its signature: the restart publishes the same run again.
		Files.delete(signature);
		chain.append("job", FROM, TO, 1, WINDOWS, null);
		byte[] restarted = Files.readAllBytes(signature);
		new RunManifestChain(new LocalDirectoryStore(archive), key).append("job", FROM, TO, 1, WINDOWS, null);

		assertThat(restarted).isEqualTo(first);
		assertThat(signature).hasBinaryContent(first);
		assertThat(listing(archive)).containsExactly("000001.json", "000001.json.sig");
	}

	private static List<String> listing(Path archive) throws IOException {
		try (var files = Files.list(archive.resolve("_runs/job"))) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	private static KeyPair ed25519() throws Exception {
		return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
	}

}
