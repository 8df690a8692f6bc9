package dev.logtally.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run leaves its metrics in {@code <home>/metrics/<job>.prom} for a node exporter's textfile collector: requests,
 * retries and throttles per source, records and windows per target and verdict, and the exit code.
 */
class RunMetricsTest {

	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	@TempDir
	Path dir;

	@Test
	void aRunWritesItsRequestsRetriesThrottlesRecordsAndVerdictsInThePrometheusTextFormat() throws Exception {
		int served;
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDmetrics", "metrics-key")
			.dataset(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(2 * 86_400), 500).build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			emulator.faults().throttle(2);
			Path spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDmetrics", "metrics-key")
				.function("fn-a")
				.writeTo(this.dir.resolve("job.yaml"));
			CliRun run = CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-03",
					"--home", this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
			served = emulator.requestCount();
		}

		String metrics = Files.readString(this.dir.resolve("home/metrics/test-export.prom"));

		assertThat(metrics).contains("logtally_requests_total{source=\"scf-test\"} " + served + ".0")
			.contains("logtally_retries_total{source=\"scf-test\"} 2.0")
			.contains("logtally_throttled_total{source=\"scf-test\"} 2.0")
			.contains("logtally_windows_total{job=\"test-export\",source=\"scf-test\",target=\"fn-a\",verdict=\"MATCHED\"} 2.0")
			.contains("logtally_records_written_total{job=\"test-export\",source=\"scf-test\",target=\"fn-a\"} 500.0")
			.contains("logtally_last_exit_code{job=\"test-export\"} 0.0")
			.doesNotContain("metrics-key");
	}

}
