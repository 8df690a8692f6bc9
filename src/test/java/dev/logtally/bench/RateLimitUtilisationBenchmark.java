package dev.logtally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate-limit utilisation (issue 8): the sandbox enforces SCF's documented 5 requests a second per SecretId; an export
 * of many functions in parallel should use nearly all of it and never be throttled. The rate is the job's requests
 * over the time from the first of them the sandbox answered to the last. The command's preflight request comes before
 * the job, and Spring Boot's start between the two: seconds that a run of hours at 5 requests/s does not notice, but
 * that would be a tenth of this short one.
 */
class RateLimitUtilisationBenchmark {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final int FUNCTIONS = 12;

	@TempDir
	Path dir;

	@Test
	void achievedRequestRateAgainstTheDocumentedLimit() throws Exception {
		ScfDataset.Builder dataset = ScfDataset.builder(5);
		for (int i = 0; i < FUNCTIONS; i++) {
			dataset.function("default", "fn-" + i, DAY, DAY.plusSeconds(86_400), 1_000);
		}
		long[] first = { 0 };
		long[] last = { 0 };
		int served;
		int throttled;
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDrate", "rate-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(ScfEmulator.DEFAULT_RATE_LIMIT_PER_SECOND)
			.build()
			.start()) {
			emulator.onServed((count) -> {
				long now = System.nanoTime();
				// The first answer is the preflight's; the job's requests start with the second.
				if (count == 2) {
					first[0] = now;
				}
				last[0] = now;
			});
			SpecBuilder spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("rate")
				.destination(this.dir.resolve("archive"))
				.credentialFiles(this.dir.resolve("credentials"), "AKIDrate", "rate-key")
				.rateLimit(5)
				.pageSize(100)
				.concurrency(8);
			for (int i = 0; i < FUNCTIONS; i++) {
				spec.function("fn-" + i);
			}
			Path file = spec.writeTo(this.dir.resolve("job.yaml"));
			CliRun run = CliRun.of("export", "--job", file.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
					"--home", this.dir.resolve("home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
			served = emulator.servedCount();
			throttled = emulator.throttledCount();
		}
		Duration span = Duration.ofNanos(last[0] - first[0]);
		// The job's n answers spread over a span hold n - 1 intervals; the preflight's answer is not one of them.
		double rate = (served - 2) / (span.toNanos() / 1e9);
		BenchmarkPage.write("Rate-limit utilisation (SCF, 5 requests/s enforced)", BenchmarkPage.machine() + "\n\n"
				+ FUNCTIONS + " functions x 1,000 records, pages of 100, 8 windows at once, one SecretId; the sandbox "
				+ "answers 5 requests per calendar second and throttles the rest. The rate is the job's requests from "
				+ "the first to the last; the preflight's request before them and the start of the job in between are "
				+ "left out.\n\n"
				+ "| requests answered | throttled | seconds | requests/s | of the allowed 5/s |\n"
				+ "|---:|---:|---:|---:|---:|\n"
				+ String.format(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.0f%% |", served, throttled,
						span.toMillis() / 1000.0, rate, rate / 5 * 100));
		assertThat(throttled).isZero();
	}

}
