package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.logtally.metrics.RunMetrics;
import dev.logtally.metrics.Series;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.PrometheusText.Family;
import dev.logtally.testing.PrometheusText.Sample;
import dev.logtally.testing.PrometheusText;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run leaves its job's metrics in {@code <home>/metrics/<job>.prom} for a node exporter's textfile collector, read
 * here with a strict parser of the Prometheus text format: requests, retries and throttles per source, records and
 * windows per target and verdict, cumulative across the job's runs, and the last exit code, last run, last success
 * and high-water mark after every run, each series labelled with the job as {@code logtally_job}.
 */
class RunMetricsTest {

	/** Midnight of 1 November in Beijing (the specs' zone is +08:00). */
	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	@TempDir
	Path dir;

	private final MutableClock clock = new MutableClock(beijing("2026-11-03T03:00"));

	private ScfEmulator emulator;

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void aRunWritesItsRequestsRetriesThrottlesRecordsAndVerdictsInThePrometheusTextFormat() throws IOException {
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(2 * DAY), 500).build());
		this.emulator.faults().throttle(2);
		Path spec = spec("test-export").function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec);

		assertThat(run.exitCode()).as(run.output()).isZero();
		Map<String, Family> metrics = PrometheusText.parse(prom("test-export"));
		assertThat(value(metrics, "logtally_requests_total", "source", "scf-test"))
			.isEqualTo(this.emulator.requestCount());
		assertThat(value(metrics, "logtally_retries_total", "source", "scf-test")).isEqualTo(2);
		assertThat(value(metrics, "logtally_throttled_total", "source", "scf-test")).isEqualTo(2);
		assertThat(value(metrics, "logtally_windows_total", "target", "fn-a", "verdict", "MATCHED")).isEqualTo(2);
		assertThat(value(metrics, "logtally_records_read_total", "target", "fn-a")).isEqualTo(500);
		assertThat(value(metrics, "logtally_records_written_total", "target", "fn-a")).isEqualTo(500);
		assertThat(value(metrics, "logtally_last_exit_code")).isZero();
		assertThat(value(metrics, "logtally_last_run_timestamp_seconds"))
			.isEqualTo(this.clock.instant().getEpochSecond());
		assertThat(value(metrics, "logtally_last_success_timestamp_seconds"))
			.isEqualTo(this.clock.instant().getEpochSecond());
		assertThat(metrics.values()).allSatisfy((family) -> {
			assertThat(family.help()).as(family.name()).isNotBlank();
			assertThat(family.type()).as(family.name()).isIn("counter", "gauge");
			assertThat(family.samples()).allSatisfy((sample) -> assertThat(sample.labels())
				.as("Prometheus renames a label job to exported_job")
				.containsEntry(RunMetrics.JOB_LABEL, "test-export")
				.doesNotContainKey("job"));
		});
		assertThat(prom("test-export")).doesNotContain("metrics-key");
	}

	@Test
	void twoJobsWithTheSameSourceIdWriteNoSeriesTwiceForTheTextfileCollector() throws IOException {
		start(ScfDataset.builder(3)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(DAY), 100)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(DAY), 100)
			.build());
		Path first = spec("job-a").function("fn-a").writeTo(this.dir.resolve("a.yaml"));
		Path second = spec("job-b").function("fn-b").writeTo(this.dir.resolve("b.yaml"));

		assertThat(export(first).exitCode()).isZero();
		assertThat(export(second).exitCode()).isZero();

		List<Sample> both = PrometheusText.parseAll(List.of(prom("job-a"), prom("job-b")));
		assertThat(both).filteredOn((sample) -> sample.name().equals("logtally_requests_total"))
			.extracting((sample) -> sample.labels().get(RunMetrics.JOB_LABEL))
			.containsExactlyInAnyOrder("job-a", "job-b");
	}

	@Test
	void aNightlyWithNothingToExportStillPublishesItsExitCodeLastRunLastSuccessAndHighWaterMark() throws IOException {
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * DAY), 300).build());
		Path spec = spec("nightly").nightly("{start: 2026-11-01, settleDelay: 2h}")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun first = nightly(spec);
		assertThat(first.exitCode()).as(first.output()).isZero();
		double read = value(PrometheusText.parse(prom("nightly")), "logtally_records_read_total", "target", "fn-a");

		this.clock.set(beijing("2026-11-03T05:00"));
		CliRun idle = nightly(spec);

		assertThat(idle.exitCode()).as(idle.output()).isZero();
		assertThat(idle.out()).contains("Nothing to export");
		Map<String, Family> metrics = PrometheusText.parse(prom("nightly"));
		long idleEnd = beijing("2026-11-03T05:00").getEpochSecond();
		assertThat(value(metrics, "logtally_last_exit_code")).isZero();
		assertThat(value(metrics, "logtally_last_run_timestamp_seconds")).isEqualTo(idleEnd);
		assertThat(value(metrics, "logtally_last_success_timestamp_seconds")).isEqualTo(idleEnd);
		assertThat(value(metrics, "logtally_high_water_mark_seconds")).isEqualTo(NOV_1.plusSeconds(2 * DAY)
			.getEpochSecond());
		assertThat(value(metrics, "logtally_records_read_total", "target", "fn-a"))
			.as("counters are cumulative: the idle night adds nothing and takes nothing away")
			.isEqualTo(read);
	}

	@Test
	void aRunRefusedByThePreflightPublishesItsExitCodeAndKeepsTheLastSuccessAndTheHighWaterMark() throws IOException {
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(3 * DAY), 300).build());
		Path spec = spec("nightly").nightly("{start: 2026-11-01, settleDelay: 2h}")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun first = nightly(spec);
		assertThat(first.exitCode()).as(first.output()).isZero();
		long success = this.clock.instant().getEpochSecond();

		this.clock.set(beijing("2026-11-04T03:00"));
		Path revoked = spec("nightly").nightly("{start: 2026-11-01, settleDelay: 2h}")
			.credentialFiles(this.dir.resolve("revoked"), "AKIDmetrics", "a-revoked-key")
			.function("fn-a")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun refused = nightly(revoked);

		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
		Map<String, Family> metrics = PrometheusText.parse(prom("nightly"));
		assertThat(value(metrics, "logtally_last_exit_code")).isEqualTo(2);
		assertThat(value(metrics, "logtally_last_run_timestamp_seconds"))
			.isEqualTo(this.clock.instant().getEpochSecond());
		assertThat(value(metrics, "logtally_last_success_timestamp_seconds")).isEqualTo(success);
		assertThat(value(metrics, "logtally_high_water_mark_seconds")).isEqualTo(NOV_1.plusSeconds(2 * DAY)
			.getEpochSecond());
		assertThat(prom("nightly")).doesNotContain("a-revoked-key");
	}

	@Test
	void countersAddUpAcrossRunsAndTheRecordsOfAResumedWindowCountOnce() throws IOException {
		start(ScfDataset.builder(5)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(DAY), 200)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(DAY), 400)
			.build());
		Path spec = spec("resumed").pageSize(50)
			.chunkSize(50)
			.concurrency(1)
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));
		// fn-b answers the check before the run and its first pages, then is gone: its window fails part-way.
		this.emulator.faults().deleteFunction("fn-b", 6);
		CliRun failed = export(spec);
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.err()).containsPattern("FAILED scf-test/fn-b .* read=[1-9]\\d* ");
		Map<String, Family> afterFailure = PrometheusText.parse(prom("resumed"));
		assertThat(value(afterFailure, "logtally_records_read_total", "target", "fn-b"))
			.as("a window that is not done has no final count yet")
			.isZero();
		assertThat(value(afterFailure, "logtally_last_exit_code")).isEqualTo(1);

		this.emulator.faults().reset();
		CliRun resumed = export(spec);

		assertThat(resumed.exitCode()).as(resumed.output()).isZero();
		Map<String, Family> metrics = PrometheusText.parse(prom("resumed"));
		assertThat(value(metrics, "logtally_records_read_total", "target", "fn-a")).isEqualTo(200);
		assertThat(value(metrics, "logtally_records_read_total", "target", "fn-b")).isEqualTo(400);
		assertThat(value(metrics, "logtally_records_written_total", "target", "fn-b")).isEqualTo(400);
		assertThat(value(metrics, "logtally_requests_total", "source", "scf-test"))
			.as("every request of both runs")
			.isEqualTo(this.emulator.requestCount());
		// A first run reads its windows in the plan's order: fn-b's of 1 November fails part-way, and that of
		// 2 November after it, at its first request.
		assertThat(value(metrics, "logtally_windows_total", "target", "fn-b", "verdict", "FAILED")).isEqualTo(2);
		assertThat(value(metrics, "logtally_windows_total", "target", "fn-b", "verdict", "MATCHED"))
			.as("its window of 1 November, resumed, and that of 2 November")
			.isEqualTo(2);
		assertThat(value(metrics, "logtally_windows_total", "target", "fn-a", "verdict", "MATCHED"))
			.as("the resumed run reports fn-a's windows again, but did not export them again")
			.isEqualTo(2);
		assertThat(value(metrics, "logtally_last_exit_code")).isZero();
	}

	@Test
	void reconcileVerifyAndStatusLeaveTheExportsMetricsFileAsItIs() throws IOException {
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(DAY), 100).build());
		Path spec = spec("test-export").function("fn-a").writeTo(this.dir.resolve("job.yaml"));
		assertThat(export(spec).exitCode()).isZero();
		String exported = prom("test-export");
		String home = this.dir.resolve("home").toString();

		CliRun reconcile = CliRun.at(this.clock, "reconcile", "--job", spec.toString(), "--from", "2026-11-01",
				"--to", "2026-11-02", "--home", home);
		CliRun verify = CliRun.at(this.clock, "verify", "--job", spec.toString());
		CliRun status = CliRun.at(this.clock, "status", "--job", spec.toString(), "--home", home);

		assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
		assertThat(verify.exitCode()).as(verify.output()).isZero();
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(prom("test-export")).isEqualTo(exported);
		try (var files = Files.list(this.dir.resolve("home/metrics"))) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrder("test-export.prom", "test-export.state.json");
		}
	}

	@Test
	void aSchedulerThatStartsAgainServesTheExitCodeLastSuccessAndCountersOfTheRunsBeforeIt() {
		Path folder = this.dir.resolve("home/metrics");
		RunMetrics earlier = new RunMetrics();
		earlier.source("nightly", "scf-test").attempted();
		earlier.runEnded("nightly", 0, NOV_1);
		earlier.publish(folder, "nightly", NOV_1);
		RunMetrics restarted = new RunMetrics();

		restarted.takeOver(folder, "nightly");
		restarted.takeOver(folder, "nightly");

		Map<String, Family> served = PrometheusText.parse(restarted.scrape());
		assertThat(value(served, "logtally_last_exit_code")).isZero();
		assertThat(value(served, "logtally_last_success_timestamp_seconds")).isEqualTo(NOV_1.getEpochSecond());
		assertThat(value(served, "logtally_high_water_mark_seconds")).isEqualTo(NOV_1.getEpochSecond());
		assertThat(value(served, "logtally_requests_total", "source", "scf-test")).as("taken over once").isEqualTo(1);
	}

	@Test
	void everySeriesIsDocumentedAndEveryCounterSaysItIsCumulative() {
		for (Series series : Series.values()) {
			assertThat(series.prometheusName()).startsWith("logtally_");
			if (series.kind() == Series.Kind.COUNTER) {
				assertThat(series.help()).as(series.name()).contains("cumulative across the job's runs");
			}
		}
	}

	private void start(ScfDataset dataset) {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDmetrics", "metrics-key")
			.dataset(dataset)
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private SpecBuilder spec(String name) {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name(name)
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDmetrics", "metrics-key");
	}

	private CliRun export(Path spec) {
		return CliRun.at(this.clock, "export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-03", "--home", this.dir.resolve("home").toString());
	}

	private CliRun nightly(Path spec) {
		return CliRun.at(this.clock, "nightly", "--job", spec.toString(), "--home",
				this.dir.resolve("home").toString());
	}

	private String prom(String job) throws IOException {
		return Files.readString(this.dir.resolve("home/metrics/" + job + ".prom"));
	}

	/** The value of the one series of {@code name} whose labels include {@code labels} (pairs of name and value). */
	private static double value(Map<String, Family> metrics, String name, String... labels) {
		Family family = metrics.get(name);
		assertThat(family).as(name + " in " + metrics.keySet()).isNotNull();
		List<Sample> matching = family.samples().stream().filter((sample) -> {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
					return false;
				}
			}
			return true;
		}).toList();
		assertThat(matching).as(name + " " + List.of(labels)).hasSize(1);
		return matching.get(0).value();
	}

	private static Instant beijing(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atOffset(ZoneOffset.ofHours(8)).toInstant();
	}

}
