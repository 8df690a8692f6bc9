package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One home for everything a run keeps on this machine: with {@code logtally.home} in a {@code --config} file (and
 * neither {@code --home} nor {@code LOGTALLY_HOME}), the job repository, the reports and the metrics go there (and
 * the log, in the packaged jar's logging), and {@code status} reads them there; nothing lands in the default home ({@code ~/.logtally}, here under a temporary
 * {@code user.home}).
 */
class OneHomeTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	private final MutableClock clock = new MutableClock(
			LocalDateTime.parse("2026-11-03T03:00").atOffset(ZoneOffset.ofHours(8)).toInstant());

	private ScfEmulator emulator;

	private String userHome;

	/** The process's environment without LOGTALLY_HOME, which would take precedence over the config file. */
	private final Map<String, String> environment = new HashMap<>(System.getenv());

	@BeforeEach
	void startWithADefaultHomeInsideTheTest() {
		this.userHome = System.getProperty("user.home");
		System.setProperty("user.home", this.dir.resolve("user").toString());
		this.environment.remove("LOGTALLY_HOME");
		this.emulator = ScfEmulator.builder()
			.credential("AKIDhome", "home-key")
			.dataset(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(86_400), 50).build())
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterEach
	void restore() {
		System.setProperty("user.home", this.userHome);
		this.emulator.close();
	}

	@Test
	void logtallyHomeOfAConfigFileHoldsTheRepositoryLogReportsAndMetricsAndStatusReadsIt() throws IOException {
		Path configured = this.dir.resolve("configured-home");
		Path config = Files.writeString(this.dir.resolve("logtally-config.yml"),
				"logtally:\n  home: " + configured + "\n");
		Path spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("one-home")
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDhome", "home-key")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun export = CliRun.at(this.clock, this.environment, "export", "--job", spec.toString(), "--from",
				"2026-11-01", "--to", "2026-11-02", "--config", config.toString());
		CliRun status = CliRun.at(this.clock, this.environment, "status", "--job", spec.toString(), "--config",
				config.toString());

		assertThat(export.exitCode()).as(export.output()).isZero();
		assertThat(export.out()).contains("Report: " + configured.resolve("reports/one-home"));
		assertThat(configured.resolve("jobs/one-home/repository.mv.db")).isRegularFile();
		// The log file follows the same logtally.home, in the packaged jar's logging (the tests log to the console).
		assertThat(configured.resolve("metrics/one-home.prom")).isRegularFile();
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(status.out()).contains("reports in " + configured.resolve("reports/one-home"))
			.containsPattern("export +2026-11-01T00:00:00\\+08:00 2026-11-02T00:00:00\\+08:00 +COMPLETED +0 +1 MATCHED");
		assertThat(filesUnder(this.dir.resolve("user"))).as("the default home").isEmpty();
	}

	private static Stream<Path> filesUnder(Path folder) throws IOException {
		return Files.exists(folder) ? Files.walk(folder).filter(Files::isRegularFile).toList().stream() : Stream.empty();
	}

}
