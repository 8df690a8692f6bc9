package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar, run twice with {@code reports.keep: 1}: the second run's report names the jar's own version and the run
 * manifest it wrote by its SHA-256, and only that run's reports remain beside the job's metrics.
 */
class ReportEvidenceIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDevidence", "SCF_KEY", "evidence-key");

	@TempDir
	Path dir;

	@Test
	void theJarsReportNamesItsVersionAndChainHeadAndKeepsOnlyTheNewestRunsReports() throws IOException {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDevidence", "evidence-key")
			.dataset(ScfDataset.builder(31).function("default", "fn-a", DAY_1, DAY_1.plusSeconds(2 * 86_400), 400)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialVariables("SCF_ID", "SCF_KEY")
				.reports("{keep: 1}")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			Path home = this.dir.resolve("home");
			for (String[] range : new String[][] { { "2026-11-01", "2026-11-02" }, { "2026-11-02", "2026-11-03" } }) {
				LogtallyProcess run = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						this.dir.resolve("run-" + range[0] + ".out"), List.of("export", "--job", spec.toString(),
								"--from", range[0], "--to", range[1], "--home", home.toString()));
				assertThat(run.waitFor()).as(run.output()).isZero();
			}
			LogtallyProcess version = LogtallyProcess.start(LogtallyProcess.jar(), Map.of(),
					this.dir.resolve("version.out"), List.of("--version"));
			assertThat(version.waitFor()).isZero();

			List<Path> reports;
			try (Stream<Path> files = Files.list(home.resolve("reports/test-export"))) {
				reports = files.sorted().toList();
			}
			assertThat(reports).hasSize(2);
			Path json = reports.stream().filter((file) -> file.toString().endsWith(".json")).findFirst().orElseThrow();
			JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
			assertThat(report.at("/range/from").asString()).isEqualTo("2026-11-01T16:00:00Z");
			assertThat(version.output()).contains("logtally " + report.get("logtallyVersion").asString());
			assertThat(report.get("logtallyVersion").asString()).isNotEqualTo("development build");
			assertThat(report.at("/runManifest/key").asString()).isEqualTo("_runs/test-export/000002.json");
			assertThat(report.at("/runManifest/sha256").asString())
				.isEqualTo(Sha256.of(this.dir.resolve("archive/_runs/test-export/000002.json")));
			assertThat(home.resolve("metrics/test-export.prom")).isRegularFile();
			assertThat(home.resolve("metrics/test-export.state.json")).isRegularFile();
		}
	}

}
