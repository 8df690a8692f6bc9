package dev.logtally.process;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged tool, run as cron or systemd would, refuses a hand-edited spec that gives a key twice: one line naming
 * the file, the key and its line, exit 2, and nothing written, whether the run is a one-off export or the scheduler.
 */
class SpecErrorsIT {

	@TempDir
	Path dir;

	@Test
	void aZoneGivenTwiceEndsEveryRunWithOneLineAndExitTwoBeforeAnythingIsWritten() throws IOException {
		Path spec = Files.writeString(this.dir.resolve("job.yaml"),
				SpecBuilder.forEndpoint(URI.create("http://127.0.0.1:9"))
					.destination(this.dir.resolve("archive"))
					.credentialVariables("SCF_ID", "SCF_KEY")
					.nightly("{start: 2026-11-01, cron: '15 3 * * *'}")
					.function("fn-a")
					.yaml()
					.replace("zone: \"+08:00\"\n", "zone: \"+08:00\"\nzone: UTC\n"));
		String expected = "logtally: job spec " + spec + ": zone: is given twice; keep one (line 3)";

		for (List<String> command : List.of(List.of("export", "--from", "2026-11-01", "--to", "2026-11-02"),
				List.of("schedule"))) {
			LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(),
					Map.of("SCF_ID", "AKIDspec", "SCF_KEY", "spec-key"), this.dir.resolve(command.get(0) + ".out"),
					args(command, spec));

			assertThat(process.waitFor()).as(process.output()).isEqualTo(2);
			assertThat(process.output().strip()).as(command.get(0)).isEqualTo(expected);
		}
		assertThat(this.dir.resolve("archive")).doesNotExist();
		assertThat(this.dir.resolve("home")).doesNotExist();
	}

	private List<String> args(List<String> command, Path spec) {
		return Stream.concat(command.stream(),
				Stream.of("--job", spec.toString(), "--home", this.dir.resolve("home").toString()))
			.toList();
	}

}
