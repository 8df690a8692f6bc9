package dev.logtally.export;

import java.nio.file.Path;
import java.time.Instant;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale-out options' input errors: each named, with exit code 2, before any window is read. */
class ScaleOutInputTest {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	private Path spec;

	@BeforeEach
	void start() {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDscale", "scale-key")
			.dataset(ScfDataset.builder(5).function("default", "fn", DAY_1, DAY_1.plusSeconds(86_400), 10).build())
			.build()
			.start();
		this.spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDscale", "scale-key")
			.function("fn")
			.writeTo(this.dir.resolve("job.yaml"));
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void aManagerOnTheEmbeddedH2RepositoryIsRefusedBecauseItsWorkersCannotShareIt() {
		CliRun run = CliRun.of("export", "--job", this.spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString(), "--workers", "tcp://127.0.0.1:1");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("--workers needs a job repository that the manager and every worker share");
	}

	@Test
	void aWorkerOnTheEmbeddedH2RepositoryIsRefused() {
		CliRun run = CliRun.of("worker", "--job", this.spec.toString(), "--broker", "tcp://127.0.0.1:1", "--home",
				this.dir.resolve("home").toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("logtally worker needs a job repository that the manager and every worker share");
	}

	@Test
	void aBrokerUrlHoldingCredentialsIsRefusedWithoutPrintingThem() {
		CliRun run = CliRun.of("worker", "--job", this.spec.toString(), "--broker",
				"tcp://broker:61616?user=ops&password=hunter2", "--home", this.dir.resolve("home").toString());

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("--broker: the broker URL must not hold credentials");
		assertThat(run.output()).doesNotContain("hunter2");
	}

	@Test
	void aTimeoutThatIsNotPositiveIsRefused() {
		CliRun run = CliRun.of("export", "--job", this.spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home").toString(), "--workers", "tcp://127.0.0.1:1", "--worker-timeout",
				"PT0S");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("--worker-timeout PT0S: must be positive");
	}

}
