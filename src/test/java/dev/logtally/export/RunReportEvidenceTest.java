package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's JSON report is evidence an auditor can file: it names the run manifest it appended (the chain's head) by key
 * and SHA-256, the archive, the spec's hash, the version, host and user that ran it, when, why, and the manifest of
 * every window with its hash; a rerun's reason is in its run manifest and its report even when nothing changed, and
 * the versions it superseded are listed with that reason.
 */
class RunReportEvidenceTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String DAY_1 = "scf-test/fn-a/dt=2026-11-01/20261031T160000Z_20261101T160000Z";

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	void anExportsReportNamesItsRunManifestArchiveSpecVersionHostUserAndEveryWindowsManifestByHash()
			throws IOException {
		this.emulator = start(dataset().build(), 0);
		Path spec = spec();

		CliRun export = run("export");

		assertThat(export.exitCode()).as(export.output()).isZero();
		JsonNode report = report("export");
		Path archive = this.dir.resolve("archive");
		// The fields the report had before are still there.
		assertThat(report.get("executionId").isNumber()).isTrue();
		assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(report.get("exitCode").asInt()).isZero();
		assertThat(report.at("/verdicts/MATCHED").asInt()).isEqualTo(4);
		assertThat(report.at("/runManifest/key").asString()).isEqualTo("_runs/test-export/000001.json");
		assertThat(report.at("/runManifest/sha256").asString())
			.isEqualTo(Sha256.of(archive.resolve("_runs/test-export/000001.json")));
		assertThat(report.get("archive").asString()).isEqualTo(archive.toString());
		assertThat(report.get("specSha256").asString()).isEqualTo(Sha256.of(spec));
		assertThat(report.get("logtallyVersion").asString()).isNotBlank();
		assertThat(report.get("host").asString()).isNotBlank();
		assertThat(report.get("user").asString()).isEqualTo(System.getProperty("user.name"));
		assertThat(Instant.parse(report.get("startedAt").asString()))
			.isBeforeOrEqualTo(Instant.parse(report.get("finishedAt").asString()));
		assertThat(report.has("signatureKeyId")).as("present, null for an unsigned run").isTrue();
		assertThat(report.get("signatureKeyId").isNull()).isTrue();
		assertThat(report.get("attempt").asInt()).isEqualTo(1);
		assertThat(report.at("/provenance/reason").asString()).isEqualTo("export");
		assertThat(report.at("/provenance/requestedBy").asString()).isEqualTo(System.getProperty("user.name"));
		assertThat(report.get("windows")).hasSize(4);
		for (JsonNode window : report.get("windows")) {
			String key = window.at("/manifest/key").asString();
			assertThat(key).endsWith(".manifest.json");
			assertThat(window.at("/manifest/sha256").asString()).as(key).isEqualTo(Sha256.of(archive.resolve(key)));
			assertThat(window.get("version").asInt()).isEqualTo(1);
		}
		assertThat(report.get("superseded")).isEmpty();
		assertThat(new String(report.toString())).doesNotContain("export-key");
	}

	@Test
	void aRerunThatChangedNothingRecordsItsReasonAndOperatorInItsRunManifestAndItsReport() throws IOException {
		this.emulator = start(dataset().build(), 0);
		spec();
		assertThat(run("export").exitCode()).isZero();

		CliRun rerun = run("rerun", "--reason", "INC-4711: auditor asked for a fresh copy");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertThat(rerun.out()).contains("0 windows changed, 4 unchanged");
		JsonNode runManifest = JSON.readTree(this.dir.resolve("archive/_runs/test-export/000002.json").toFile());
		assertThat(runManifest.at("/provenance/reason").asString())
			.isEqualTo("INC-4711: auditor asked for a fresh copy");
		assertThat(runManifest.at("/provenance/requestedBy").asString()).isEqualTo(System.getProperty("user.name"));
		assertThat(runManifest.at("/provenance").has("requestedAt")).as("a run manifest holds no time").isFalse();
		JsonNode report = report("rerun");
		assertThat(report.at("/provenance/reason").asString()).isEqualTo("INC-4711: auditor asked for a fresh copy");
		assertThat(report.at("/provenance/requestedAt").asString()).isNotBlank();
		assertThat(report.at("/runManifest/key").asString()).isEqualTo("_runs/test-export/000002.json");
		assertThat(report.get("attempt").asInt()).isEqualTo(2);
		assertThat(report.get("superseded")).as("nothing changed").isEmpty();
	}

	@Test
	void aRerunThatReplacedAWindowListsTheVersionItSupersededByKeyHashAndReason() throws IOException {
		this.emulator = start(dataset().build(), 0);
		spec();
		assertThat(run("export").exitCode()).isZero();
		int port = this.emulator.endpoint().getPort();
		this.emulator.close();
		this.emulator = start(dataset().late("default", "fn-a", NOV_1.plusSeconds(7_200), 2, 0).build(), port);

		CliRun rerun = run("rerun", "--reason", "INC-4712: logs delivered late by the vendor");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		JsonNode report = report("rerun");
		String kept = DAY_1 + ".versions/1/" + DAY_1.substring(DAY_1.lastIndexOf('/') + 1) + ".manifest.json";
		assertThat(report.get("superseded")).hasSize(1);
		JsonNode superseded = report.get("superseded").get(0);
		assertThat(superseded.get("window").asString()).isEqualTo(DAY_1 + ".manifest.json");
		assertThat(superseded.get("version").asInt()).isEqualTo(1);
		assertThat(superseded.get("key").asString()).isEqualTo(kept);
		assertThat(superseded.get("sha256").asString()).isEqualTo(Sha256.of(this.dir.resolve("archive/" + kept)));
		assertThat(superseded.get("reason").asString()).isEqualTo("INC-4712: logs delivered late by the vendor");
	}

	/** The JSON report of the job's last run of {@code command}. */
	private JsonNode report(String command) throws IOException {
		List<Path> reports;
		try (Stream<Path> files = Files.list(this.dir.resolve("home/reports/test-export"))) {
			reports = files.filter((file) -> file.getFileName().toString().contains("-" + command + "-run-")
					&& file.getFileName().toString().endsWith(".json")).sorted().toList();
		}
		assertThat(reports).as("reports of " + command).isNotEmpty();
		return JSON.readTree(reports.get(reports.size() - 1).toFile());
	}

	private CliRun run(String command, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of(command, "--job", this.dir.resolve("job.yaml").toString(),
				"--from", "2026-11-01", "--to", "2026-11-03", "--home", this.dir.resolve("home").toString()));
		args.addAll(List.of(more));
		return CliRun.of(args.toArray(String[]::new));
	}

	private Path spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDevidence", "export-key")
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));
	}

	private static ScfDataset.Builder dataset() {
		return ScfDataset.builder(21)
			.hostile(false)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * 86_400), 900)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(3 * 86_400), 600);
	}

	private static ScfEmulator start(ScfDataset dataset, int port) {
		return ScfEmulator.builder()
			.credential("AKIDevidence", "export-key")
			.dataset(dataset)
			.rateLimitPerSecond(0)
			.port(port)
			.build()
			.start();
	}

}
