package dev.logtally.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.source.scf.ScfApiClient;
import dev.logtally.source.scf.ScfCredentials;
import dev.logtally.source.scf.ScfPage;
import dev.logtally.source.scf.ScfQuery;
import dev.logtally.spec.RetrySpec;
import dev.logtally.spec.ScfTarget;
import dev.logtally.spec.Secret;
import dev.logtally.spec.SourceOptions;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.SourceType;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipeline overhead (issue 8, first figure): the SCF export through the command line against the loopback sandbox with
 * rate limits off, next to a fetch-only baseline that requests the same pages with the same client (answers parsed,
 * then discarded) at the same concurrency, in the same JVM. Not part of the normal test run:
 * {@code mvn -B -Pbench test} runs it and writes its figures to {@code docs/BENCHMARKS.md}.
 */
class PipelineOverheadBenchmark {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final int FUNCTIONS = 32;

	/** Per function and day: below the Offset+Limit cap, so that the baseline can page with offsets alone. */
	private static final int RECORDS = 9_000;

	private static final int PAGE = 1_000;

	private static final int CONCURRENCY = 4;

	@TempDir
	Path dir;

	@Test
	void exportThroughputNextToFetchOnly() throws Exception {
		ScfDataset.Builder dataset = ScfDataset.builder(77);
		for (int i = 0; i < FUNCTIONS; i++) {
			dataset.function("default", "fn-" + i, DAY, DAY.plusSeconds(86_400), RECORDS);
		}
		List<String> rows = new ArrayList<>();
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDbench", "bench-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			Measure fetch = null;
			Measure plain = null;
			Measure gzip = null;
			// The first round warms the JIT, the emulator and the file system; the second is reported.
			for (int round = 0; round < 2; round++) {
				fetch = fetchOnly(emulator);
				plain = export(emulator, false, "plain-" + round);
				gzip = export(emulator, true, "gzip-" + round);
			}
			long records = (long) FUNCTIONS * RECORDS;
			assertThat(fetch.records()).isEqualTo(records);
			rows.add(row("fetch-only baseline (parsed, discarded)", fetch, fetch));
			rows.add(row("export, plain CSV", plain, fetch));
			rows.add(row("export, gzip CSV", gzip, fetch));
		}
		write(rows);
	}

	private record Measure(long records, long bytes, Duration time) {

		double recordsPerSecond() {
			return this.records / (this.time.toNanos() / 1e9);
		}

	}

	private Measure fetchOnly(ScfEmulator emulator) throws Exception {
		SourceSpec source = new SourceSpec("scf", SourceType.TENCENT_SCF, emulator.endpoint(), ZoneId.of("+08:00"),
				Map.of(), Duration.ofDays(1), 1_000_000, PAGE, Duration.ofSeconds(30), RetrySpec.DEFAULT,
				new SourceOptions.Scf("ap-guangzhou", "scf"), List.of());
		ScfApiClient client = new ScfApiClient(source, new ScfCredentials("AKIDbench", Secret.of("bench-key"), null),
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
				new RateBudgets(Map.of("a", 1_000_000.0)).forAccount("a"),
				new RetryPolicy("bench", RetrySpec.DEFAULT, Duration.ZERO), Clock.systemUTC());
		AtomicLong records = new AtomicLong();
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
		try {
			List<Future<?>> functions = new ArrayList<>();
			for (int i = 0; i < FUNCTIONS; i++) {
				ScfTarget target = new ScfTarget("fn-" + i, "fn-" + i, "default", null, null);
				functions.add(pool.submit(() -> {
					for (int offset = 0; offset < RECORDS; offset += PAGE) {
						ScfPage page = client.getFunctionLogs(new ScfQuery(target, DAY, DAY.plusSeconds(86_400), offset,
								PAGE));
						records.addAndGet(page.logs().size());
					}
				}));
			}
			for (Future<?> function : functions) {
				function.get();
			}
		}
		finally {
			pool.shutdown();
		}
		return new Measure(records.get(), 0, Duration.ofNanos(System.nanoTime() - start));
	}

	private Measure export(ScfEmulator emulator, boolean gzip, String name) throws IOException {
		SpecBuilder spec = SpecBuilder.forEndpoint(emulator.endpoint())
			.name("bench-" + name)
			.destination(this.dir.resolve(name))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDbench", "bench-key")
			.rateLimit(1_000_000)
			.pageSize(PAGE)
			.chunkSize(PAGE)
			.concurrency(CONCURRENCY);
		if (gzip) {
			spec.gzip();
		}
		for (int i = 0; i < FUNCTIONS; i++) {
			spec.function("fn-" + i);
		}
		Path file = spec.writeTo(this.dir.resolve(name + ".yaml"));
		long start = System.nanoTime();
		CliRun run = CliRun.of("export", "--job", file.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
				"--home", this.dir.resolve("home-" + name).toString());
		Duration time = Duration.ofNanos(System.nanoTime() - start);
		assertThat(run.exitCode()).as(run.output()).isZero();
		long bytes;
		try (Stream<Path> files = Files.walk(this.dir.resolve(name))) {
			bytes = files.filter((path) -> path.toString().contains(".csv")).mapToLong((path) -> {
				try {
					return Files.size(path);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).sum();
		}
		return new Measure((long) FUNCTIONS * RECORDS, bytes, time);
	}

	private static String row(String what, Measure measure, Measure baseline) {
		return String.format(java.util.Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %.2f |", what, measure.records(),
				measure.time().toMillis() / 1000.0, measure.recordsPerSecond(),
				measure.bytes() == 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f",
						measure.bytes() / 1e6 / (measure.time().toNanos() / 1e9)),
				(double) measure.time().toNanos() / baseline.time().toNanos());
	}

	private static void write(List<String> rows) throws IOException {
		BenchmarkPage.write("Pipeline overhead (SCF, rate limits off)", BenchmarkPage.machine() + "\n\n" + FUNCTIONS
				+ " functions x " + RECORDS + " records (one day each), pages of " + PAGE + ", " + CONCURRENCY
				+ " windows at once, the sandbox on loopback. The export time is the whole command: spec, preflight, "
				+ "Spring Boot start, reading, staging, CSV, publication, manifests. The baseline pages the same "
				+ "queries with the same client and parser and discards the answers. Both run in the test JVM next to "
				+ "the sandbox, which shares the machine's cores; the test class path also brings Spring Boot's "
				+ "Micrometer observation of Spring Batch, which the packaged jar does not have.\n\n"
				+ "| run | records | seconds | records/s | CSV MB/s | time / baseline |\n"
				+ "|---|---:|---:|---:|---:|---:|\n" + String.join("\n", rows));
	}

}
