package dev.logtally.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test suite never writes into the user's own {@code ~/.logtally}: the build gives every test JVM (and the
 * processes the tests start) a home under {@code target/}, which a command without {@code --home} uses.
 */
class TestHomeTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void theSuitesHomeIsUnderTheBuildFolder() {
		String home = System.getenv("LOGTALLY_HOME");

		assertThat(home).as("LOGTALLY_HOME of the test JVM (pom.xml, surefire and failsafe)").isNotBlank();
		assertThat(Path.of(home).toAbsolutePath().normalize()).startsWith(Path.of("target").toAbsolutePath());
	}

	@Test
	void aCommandWithoutHomeWritesUnderTheSuitesHomeNotTheUsersHome() {
		// A job name of this test's own: other builds on the machine may write into the user's home meanwhile.
		String job = "home-guard-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		Path usersMetrics = Path.of(System.getProperty("user.home"), ".logtally", "metrics", job + ".prom");
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDhomeGuard", "home-guard-key")
			.dataset(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(86_400), 10).build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.name(job)
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDhomeGuard", "home-guard-key")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));

			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-02");

			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(Path.of(System.getenv("LOGTALLY_HOME"), "metrics", job + ".prom")).isRegularFile();
			assertThat(Files.exists(usersMetrics)).as(usersMetrics.toString()).isFalse();
		}
	}

}
