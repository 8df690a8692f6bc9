package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged tool's {@code validate}, run as a deployment step would (no terminal, credentials in the
 * environment): every check of a run's preflight, one line each, the run's exit code, and no run: no archive, no job
 * repository.
 */
class ValidateIT {

	private static final Map<String, String> CREDENTIALS = Map.of("SCF_ID", "AKIDvalidateit", "SCF_KEY",
			"validate-it-key");

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@BeforeEach
	void startEmulator() {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDvalidateit", "validate-it-key")
			.dataset(ScfDataset.builder(5)
				.function("default", "fn-a", Instant.parse("2026-10-31T16:00:00Z"),
						Instant.parse("2026-11-01T16:00:00Z"), 10)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void aGoodSpecPassesEveryCheckWithExitZeroAndABadOneNamesEachProblemWithExitTwoAndNothingIsWritten()
			throws IOException {
		Path good = spec(this.dir.resolve("archive")).writeTo(this.dir.resolve("good.yaml"));

		LogtallyProcess passed = validate(good, "good");

		assertThat(passed.waitFor()).as(passed.output()).isZero();
		assertThat(passed.output()).contains("target scf-test/fn-a: ok")
			.contains("destination " + this.dir.resolve("archive") + ": ok (writable)")
			.contains("All 4 checks passed; nothing was run.")
			.doesNotContain("validate-it-key");

		Path blocker = Files.writeString(this.dir.resolve("blocker"), "not a directory");
		Path bad = spec(blocker.resolve("archive")).target("{id: thumbnails, function: thumbnailr}")
			.writeTo(this.dir.resolve("bad.yaml"));

		LogtallyProcess failed = validate(bad, "bad");

		assertThat(failed.waitFor()).as(failed.output()).isEqualTo(2);
		assertThat(failed.output()).contains("target scf-test/fn-a: ok")
			.contains("logtally: unknown target scf-test/thumbnails: source scf-test, function thumbnailr")
			.contains("logtally: cannot write the archive " + blocker.resolve("archive") + ": " + blocker
					+ " is a file, not a directory")
			.contains("logtally: 2 of 5 checks failed; nothing was run.")
			.doesNotContain("\tat ");
		assertThat(this.dir.resolve("archive")).as("archive").doesNotExist();
		assertThat(this.dir.resolve("home/jobs")).as("job repository").doesNotExist();
		assertThat(this.dir.resolve("home/reports")).as("reports").doesNotExist();
		assertThat(this.dir.resolve("home/metrics")).as("metrics").doesNotExist();
	}

	private SpecBuilder spec(Path archive) {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(archive)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a");
	}

	private LogtallyProcess validate(Path spec, String name) {
		return LogtallyProcess.start(LogtallyProcess.jar(), CREDENTIALS, this.dir.resolve(name + ".out"),
				Stream.of("validate", "--job", spec.toString(), "--home", this.dir.resolve("home").toString())
					.toList());
	}

}
