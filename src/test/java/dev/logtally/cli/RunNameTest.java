package dev.logtally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run has one name everywhere an operator meets it: {@code run <id>}, the job execution's id, in its log lines, its
 * report's file name and page, and {@code status}.
 */
class RunNameTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void theLogTheReportAndStatusNameTheRunTheSameWay() throws IOException {
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDrunName", "run-name-key")
			.dataset(ScfDataset.builder(9).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(86_400), 20).build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDrunName", "run-name-key")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			String home = this.dir.resolve("home").toString();
			OperatorLog log = new OperatorLog();

			CliRun export = log.during(() -> CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01",
					"--to", "2026-11-02", "--home", home));

			assertThat(export.exitCode()).as(export.output()).isZero();
			Matcher started = Pattern.compile("starting run (\\d+) of test-export for ").matcher(log.text());
			assertThat(started.find()).as(log.text()).isTrue();
			String run = "run " + started.group(1);
			Matcher report = Pattern.compile("Report: (\\S+-run-(\\d+)\\.html)").matcher(export.out());
			assertThat(report.find()).as(export.output()).isTrue();
			assertThat("run " + report.group(2)).isEqualTo(run);
			assertThat(Files.readString(Path.of(report.group(1)))).contains("), " + run + ", ");
			CliRun status = CliRun.of("status", "--job", spec.toString(), "--home", home);
			assertThat(status.out()).as(status.output()).contains(run + " ");
			assertThat(log.text() + export.out() + status.out()).doesNotContain("execution ").doesNotContain("#1");
		}
	}

}
