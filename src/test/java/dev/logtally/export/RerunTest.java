package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

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
 * {@code logtally rerun}: an unchanged range keeps every byte and says so; a changed window becomes a new version with
 * its provenance, and the version it replaced is kept and still verifies.
 */
class RerunTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String DAY_1 = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z";

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
	void aRerunOfAnUnchangedRangeKeepsEveryWindowAsItWasAndSaysSo() {
		this.emulator = start(dataset().build(), 0);
		spec();
		assertThat(run("export").exitCode()).isZero();
		Map<String, byte[]> before = windows();

		CliRun rerun = run("rerun", "--reason", "auditor asked for a fresh copy");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertThat(rerun.out()).contains("0 windows changed, 4 unchanged")
			.contains("scf-test/fn-a [" + NOV_1 + ", " + NOV_1.plusSeconds(86_400) + ") unchanged: version 1");
		Map<String, byte[]> after = windows();
		assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
		before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
	}

	@Test
	void aRerunOfAChangedRangeMakesANewVersionWithItsProvenanceAndKeepsTheOldOne() throws IOException {
		this.emulator = start(dataset().build(), 0);
		spec();
		assertThat(run("export").exitCode()).isZero();
		byte[] oldData = Files.readAllBytes(this.dir.resolve("archive/" + DAY_1 + ".csv"));
		int port = this.emulator.endpoint().getPort();
		this.emulator.close();
		this.emulator = start(dataset().late("default", "fn-a", NOV_1.plusSeconds(7_200), 2, 0).build(), port);

		CliRun rerun = run("rerun", "--reason", "INC-4711: logs delivered late by the vendor");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertThat(rerun.out()).contains("1 windows changed, 3 unchanged")
			.contains("scf-test/fn-a [" + NOV_1 + ", " + NOV_1.plusSeconds(86_400)
					+ ") changed: version 2 replaces version 1, kept as " + DAY_1 + ".versions/1/"
					+ DAY_1.substring(DAY_1.lastIndexOf('/') + 1) + ".manifest.json");
		String manifest = Files.readString(this.dir.resolve("archive/" + DAY_1 + ".manifest.json"));
		assertThat(manifest).contains("\"version\" : 2")
			.contains("\"reason\" : \"INC-4711: logs delivered late by the vendor\"")
			.contains("\"requestedBy\" : \"" + System.getProperty("user.name") + "\"")
			.contains("\"requestedAt\" : \"");
		Path kept = this.dir.resolve("archive/" + DAY_1 + ".versions/1/" + DAY_1.substring(DAY_1.lastIndexOf('/') + 1)
				+ ".csv");
		assertThat(kept).hasBinaryContent(oldData);
		CliRun verify = CliRun.of("verify", this.dir.resolve("archive").toString());
		assertThat(verify.exitCode()).as(verify.output()).isZero();

		Files.write(kept, "FunctionName\r\n".getBytes());
		CliRun tampered = CliRun.of("verify", this.dir.resolve("archive").toString());
		assertThat(tampered.exitCode()).isEqualTo(5);
		assertThat(tampered.out()).contains("ALTERED " + DAY_1 + ".versions/1/");
	}

	@Test
	void aRerunOverAManifestChangedOutsideLogtallyKeepsItAndNamesItInOneLine() throws IOException {
		this.emulator = start(dataset().build(), 0);
		spec();
		assertThat(run("export").exitCode()).isZero();
		Path manifest = this.dir.resolve("archive/" + DAY_1 + ".manifest.json");
		Files.writeString(manifest,
				Files.readString(manifest).replace("\"verdict\" : \"MATCHED\"", "\"verdict\" : \"MATCHED \""));
		byte[] tampered = Files.readAllBytes(manifest);

		CliRun rerun = run("rerun", "--reason", "INC-4712");

		assertThat(rerun.exitCode()).as(rerun.output()).isEqualTo(1);
		String why = DAY_1 + ".manifest.json: verdict \"MATCHED \" is not one of MATCHED, MISMATCH, TRUNCATED, "
				+ "INCOMPLETE: it was changed outside logtally; restore it from a copy you trust, or move it out of the "
				+ "archive to publish the window anew, then run the same command again";
		assertThat(rerun.err()).contains("NOT_PUBLISHED scf-test/fn-a [" + NOV_1 + ", " + NOV_1.plusSeconds(86_400)
				+ ")").contains(why).doesNotContain("Exception").doesNotContain("the same command publishes it");
		assertThat(rerun.out()).contains("scf-test/fn-a [" + NOV_1 + ", " + NOV_1.plusSeconds(86_400)
				+ ") not published: ").contains(why);
		assertThat(manifest).hasBinaryContent(tampered);
	}

	@Test
	void rerunWithoutAReasonIsRefused() {
		this.emulator = start(dataset().build(), 0);
		spec();

		CliRun rerun = run("rerun");

		assertThat(rerun.exitCode()).isEqualTo(2);
		// picocli refuses it as a missing required option, as rerun --help marks it.
		assertThat(rerun.err()).contains("Missing required option: '--reason=TEXT'");
	}

	private CliRun run(String command, String... more) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "--job",
				this.dir.resolve("job.yaml").toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--home",
				this.dir.resolve("home").toString()));
		args.addAll(java.util.List.of(more));
		return CliRun.of(args.toArray(String[]::new));
	}

	private Path spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDrerun", "rerun-key")
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));
	}

	/** Every window object (data and manifests), the run manifests left out. */
	private Map<String, byte[]> windows() {
		Map<String, byte[]> files = ArchiveFiles.snapshot(this.dir.resolve("archive"));
		files.keySet().removeIf((name) -> name.startsWith("_runs"));
		return files;
	}

	private static ScfDataset.Builder dataset() {
		return ScfDataset.builder(21)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * 86_400), 900)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(3 * 86_400), 600);
	}

	private static ScfEmulator start(ScfDataset dataset, int port) {
		return ScfEmulator.builder()
			.credential("AKIDrerun", "rerun-key")
			.dataset(dataset)
			.rateLimitPerSecond(0)
			.port(port)
			.build()
			.start();
	}

}
