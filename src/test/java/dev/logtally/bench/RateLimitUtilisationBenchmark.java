package dev.logtally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.logtally.sandbox.cls.ClsDataset;
import dev.logtally.sandbox.cls.ClsEmulator;
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
 *
 * <p>The same for CLS: one topic over several days at the spec's default of 10 requests/s, which the sandbox enforces
 * per SecretId and calendar second. Its hourly windows are planned by histogram and read a leaf of up to 1,000 logs a
 * request, so the figure also tells how many requests a CLS export spends per log.
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

	private static final String CLS_TOPIC = "5d0c1e2a-7b3f-4e6a-9d8c-1f2e3d4c5b6a";

	private static final Instant CLS_FIRST_DAY = Instant.parse("2026-11-01T00:00:00Z");

	private static final int CLS_DAYS = 4;

	private static final int CLS_LOGS_PER_DAY = 48_000;

	/** Above the 10,000 logs one query's Context reaches: planned into leaves by histogram. */
	private static final int CLS_BUSY_HOUR_LOGS = 12_000;

	private static final int CLS_RATE = 10;

	@Test
	void clsAchievedRequestRateAgainstTheSpecsLimit() throws Exception {
		Instant busyHour = CLS_FIRST_DAY.plus(Duration.ofHours(24 + 10));
		ClsDataset dataset = ClsDataset.builder(27)
			.topic(CLS_TOPIC, CLS_FIRST_DAY, CLS_FIRST_DAY.plus(Duration.ofDays(CLS_DAYS)), CLS_DAYS * CLS_LOGS_PER_DAY)
			.topic(CLS_TOPIC, busyHour, busyHour.plus(Duration.ofHours(1)), CLS_BUSY_HOUR_LOGS)
			.burst(CLS_TOPIC, busyHour.plusMillis(1_234_567), 1_500)
			.build();
		long[] first = { 0 };
		long[] last = { 0 };
		int served;
		int throttled;
		int searches;
		int sqlCounts;
		int histograms;
		int maxInSecond;
		int maxInFlight;
		try (ClsEmulator emulator = ClsEmulator.builder()
			.credential("AKIDclsRate", "cls-rate-key")
			.dataset(dataset)
			.rateLimitPerSecond(CLS_RATE)
			.build()
			.start()) {
			emulator.onServed((count) -> {
				long now = System.nanoTime();
				// The first two answers are the preflight's (a SearchLog of one log, an SQL count); the job's requests
				// start with the third.
				if (count == 3) {
					first[0] = now;
				}
				last[0] = now;
			});
			Path file = new ClsJobSpec("cls-rate", emulator.endpoint(), this.dir.resolve("cls-archive"),
					this.dir.resolve("cls-credentials"), "1h", CLS_RATE, 1_000, 1_000, 8, false, List.of(CLS_TOPIC))
				.writeTo(this.dir.resolve("cls-job.yaml"), "AKIDclsRate", "cls-rate-key");
			CliRun run = CliRun.of("export", "--job", file.toString(), "--from", "2026-11-01", "--to",
					CLS_FIRST_DAY.plus(Duration.ofDays(CLS_DAYS)).toString().substring(0, 10), "--home",
					this.dir.resolve("cls-home").toString());
			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(run.output()).contains(dataset.size(CLS_TOPIC) + " records written");
			served = emulator.servedCount();
			throttled = emulator.throttledCount();
			searches = emulator.requestCount(ClsEmulator.SEARCH_LOG);
			sqlCounts = emulator.sqlCountRequests();
			histograms = emulator.requestCount(ClsEmulator.DESCRIBE_LOG_HISTOGRAM);
			maxInSecond = emulator.maxRequestsInAnySecond("AKIDclsRate");
			maxInFlight = emulator.maxInFlight(CLS_TOPIC);
		}
		Duration span = Duration.ofNanos(last[0] - first[0]);
		double rate = (served - 3) / (span.toNanos() / 1e9);
		int logs = dataset.size(CLS_TOPIC);
		BenchmarkPage.write("Rate-limit utilisation (CLS, 10 requests/s enforced)", BenchmarkPage.machine() + "\n\n"
				+ String.format(Locale.ROOT, "One topic, %d days of %,d logs a day plus one hour of %,d more (the "
						+ "busiest hour holds over 10,000, more than one query's Context reaches, with 1,500 logs in one "
						+ "millisecond), %,d logs in all; one-hour windows (%d), pages of 1,000 (SearchLog's most), "
						+ "8 windows at once, one SecretId, `rateLimit: %d` (the spec's default). The sandbox answers %d "
						+ "requests per SecretId and calendar second and throttles the rest (`RequestLimitExceeded`); "
						+ "it also refuses a 16th query in flight on the topic (`LimitExceeded.LogSearch`), which counts "
						+ "as throttled too. Each window is also counted with one SQL `count(*)` (a SearchLog: `sqlCount`, "
						+ "on by default). The rate is the job's requests from the first to the last; the preflight's "
						+ "two requests before them and the start of the job in between are left out.", CLS_DAYS,
						CLS_LOGS_PER_DAY, CLS_BUSY_HOUR_LOGS, logs, CLS_DAYS * 24, CLS_RATE, CLS_RATE)
				+ "\n\n| requests answered | SearchLog | of them SQL count(*) | DescribeLogHistogram | throttled | most "
				+ "in one second | most in flight on the topic | seconds | requests/s | of the allowed 10/s | logs per "
				+ "request |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
				+ String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %.1f | %.2f | %.0f%% | %.0f |", served,
						searches, sqlCounts, histograms, throttled, maxInSecond, maxInFlight, span.toMillis() / 1000.0, rate,
						rate / CLS_RATE * 100, logs / (double) served));
		assertThat(throttled).isZero();
	}

}
