package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.logtally.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

	@TempDir
	Path dir;

	@Test
	void exportsThreeDaysOfFunctionsALogstoreAuditLogsALegacyFunctionAndACLSTopicFromTheSandboxesAndReconcilesThem() throws IOException {
		CliRun run = CliRun.of("demo", "--dir", this.dir.toString());

		assertThat(run.exitCode()).as(run.output()).isZero();
		// 30 audit-log files, the one that arrives short fetched twice.
		assertThat(run.out()).contains("24 windows: 24 MATCHED").contains("thumbnailer").contains("app-log")
			.contains("cee5265e1e5845649e354841234567dfin01")
			.contains("c3a1b7d2-5e4f-4a8b-9c6d-0e1f2a3b4c5d").contains("cls-functions")
			.contains("and 31 audit-log files").contains("nightly-report")
			.contains("throttled: 0");
		try (Stream<Path> files = Files.walk(this.dir.resolve("archive"))) {
			assertThat(files.filter((file) -> file.toString().endsWith(".csv.gz") || file.toString().endsWith(".csv")))
				.hasSize(24);
		}
	}

	@Test
	void helpListsTheCommandsAndTheExitCodes() {
		CliRun run = CliRun.of("--help");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("export").contains("demo").contains("Exit codes:").contains("3  finished");
	}

}
