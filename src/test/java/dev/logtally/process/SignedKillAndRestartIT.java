package dev.logtally.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PublicationSwitch;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar end to end with a signing key: {@code keygen} writes the key pair, a signed export is killed with SIGKILL as
 * its run manifest appears (before or just after its signature), the same command ends the run, and the archive,
 * signatures included, is byte-identical to an uninterrupted signed export's; {@code verify --public-key} passes.
 */
class SignedKillAndRestartIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDsign", "SCF_KEY", "sign-key");

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static Path keys;

	private static Path reference;

	@TempDir
	Path dir;

	@BeforeAll
	static void makeAKeyAndExportOnceWithoutInterruption() throws java.io.IOException {
		emulator = ScfEmulator.builder()
			.credential("AKIDsign", "sign-key")
			.dataset(ScfDataset.builder(61)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 1_500)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		keys = shared.resolve("keys");
		LogtallyProcess keygen = LogtallyProcess.start(LogtallyProcess.jar(), Map.of(), shared.resolve("keygen.out"),
				List.of("keygen", "--out", keys.toString(), "--key-id", "ops-2026"));
		assertThat(keygen.waitFor()).as(keygen.output()).isZero();
		assertThat(keygen.output()).contains("keyId: ops-2026");
		reference = shared.resolve("reference");
		LogtallyProcess process = export(spec(reference), reference.resolve("home"), shared.resolve("reference.out"));
		assertThat(process.waitFor()).as(process.output()).isZero();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void killedAsItsRunManifestAppearsTheSameCommandEndsTheRunWithTheSameSignatureAndVerifyPassesWithThePublicKey()
			throws Exception {
		Path archive = this.dir.resolve("archive");
		Path spec = spec(this.dir);
		LogtallyProcess killed;
		try (PublicationSwitch killSwitch = PublicationSwitch.watchRunManifests(archive)) {
			killed = export(spec, this.dir.resolve("home"), this.dir.resolve("killed.out"));
			assertThat(killSwitch.killAtFirstManifest(killed)).as("killed before it ended:%n%s", killed.output())
				.isTrue();
		}
		assertThat(killed.waitFor()).isEqualTo(137);

		LogtallyProcess again = export(spec, this.dir.resolve("home"), this.dir.resolve("again.out"));
		assertThat(again.waitFor()).as(again.output()).isZero();

		assertThat(archive.resolve("_runs/sign-test/000001.json.sig")).exists();
		ArchiveFiles.assertSameFiles(archive, reference.resolve("archive"));
		LogtallyProcess verify = LogtallyProcess.start(LogtallyProcess.jar(), Map.of(), this.dir.resolve("verify.out"),
				List.of("verify", archive.toString(), "--public-key", keys.resolve("ops-2026.pub").toString()));
		assertThat(verify.waitFor()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("signatures: 1 of 1 run manifests signed (key ids ops-2026), checked with "
				+ "the public keys ops-2026").contains(": intact");
	}

	private static LogtallyProcess export(Path spec, Path home, Path output) {
		return LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, output, List.of("export", "--job",
				spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home", home.toString()));
	}

	private static Path spec(Path dir) throws java.io.IOException {
		String yaml = SpecBuilder.forEndpoint(emulator.endpoint())
			.name("sign-test")
			.destination(dir.resolve("archive"))
			.gzip()
			.window("6h")
			.chunkSize(300)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.yaml();
		Files.createDirectories(dir);
		return Files.writeString(dir.resolve("job.yaml"), yaml + "signing:\n  key: {file: "
				+ keys.resolve("ops-2026.key") + "}\n  keyId: ops-2026\n");
	}

}
