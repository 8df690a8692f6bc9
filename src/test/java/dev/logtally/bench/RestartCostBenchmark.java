package dev.logtally.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart cost (issue 8): the SCF export as the packaged jar, killed with SIGKILL at points through the run and
 * restarted until it finishes; the records the sandbox served beyond those of an uninterrupted run are the records
 * re-read. Each window in flight may re-read what it had read since its last committed chunk, so the target is at most
 * one chunk per window in flight. Not part of the normal test run: {@code mvn -B -Pbench verify} runs it and writes
 * its figures to {@code docs/BENCHMARKS.md}.
 */
class RestartCostBenchmark {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final int FUNCTIONS = 8;

	private static final int RECORDS = 5_000;

	private static final int PAGE = 100;

	private static final int CHUNK = 500;

	private static final int CONCURRENCY = 4;

	private static final String SECRET_ID = "AKIDrestart";

	private static final String SECRET_KEY = "restart-key";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@Test
	void recordsReReadAfterKillMinus9() throws IOException {
		ScfDataset.Builder dataset = ScfDataset.builder(79);
		for (int i = 0; i < FUNCTIONS; i++) {
			dataset.function("default", "fn-" + i, DAY, DAY.plusSeconds(86_400), RECORDS);
		}
		List<String> rows = new ArrayList<>();
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start()) {
			this.emulator = emulator;
			KillSwitch killSwitch = new KillSwitch(emulator::servedCount);
			emulator.onServed(killSwitch::served);
			int answersBefore = emulator.servedCount();
			long logsBefore = emulator.servedLogs();
			Path reference = this.dir.resolve("reference");
			LogtallyProcess uninterrupted = start(reference, 0);
			assertThat(uninterrupted.waitFor()).as(uninterrupted.output()).isZero();
			int answers = emulator.servedCount() - answersBefore;
			long logs = emulator.servedLogs() - logsBefore;
			// the records, plus the one-entry answers of the preflight probe and each window's count
			assertThat(logs).isBetween((long) FUNCTIONS * RECORDS, (long) FUNCTIONS * RECORDS + FUNCTIONS + 1);

			for (double[] killsAt : List.of(new double[] { 0.2 }, new double[] { 0.5 }, new double[] { 0.8 },
					new double[] { 0.25, 0.25, 0.25 })) {
				String name = "killed-at";
				List<Integer> kills = new ArrayList<>();
				for (double fraction : killsAt) {
					kills.add((int) Math.round(answers * fraction));
					name += "-" + Math.round(fraction * 100);
				}
				Path run = this.dir.resolve(name);
				long served = emulator.servedLogs();
				killSwitch.killAndRestart(kills, (attempt) -> start(run, attempt));
				long reRead = emulator.servedLogs() - served - logs;
				ArchiveFiles.assertSameFiles(run.resolve("archive"), reference.resolve("archive"));
				double perWindowInFlight = (double) reRead / kills.size() / CONCURRENCY;
				rows.add(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %.2f | %.2f | identical |",
						describe(killsAt, answers), kills.size(), reRead, reRead / kills.size(), perWindowInFlight / CHUNK,
						perWindowInFlight / PAGE));
				// each restart also repeats its preflight probe, a one-entry answer
				assertThat(reRead / kills.size()).as(name + ": records re-read per kill")
					.isLessThanOrEqualTo((long) CONCURRENCY * CHUNK + 1);
			}
		}
		BenchmarkPage.write("Restart cost (kill -9)", BenchmarkPage.machine() + "\n\n" + FUNCTIONS + " SCF functions x "
				+ String.format(Locale.ROOT, "%,d", RECORDS) + " records (one day each), pages of " + PAGE
				+ ", chunks of " + CHUNK + ", " + CONCURRENCY + " windows at once, the packaged jar on H2. Each run is "
				+ "killed with SIGKILL once the sandbox has sent the given share of an uninterrupted run's answers, "
				+ "then restarted until it finishes; every finished archive is byte-identical to the uninterrupted "
				+ "one. Records re-read: the log entries the sandbox sent beyond the uninterrupted run's, including the "
				+ "one-entry answer to the preflight probe each restart makes. A window resumes at the page holding "
				+ "its first uncommitted record, so each window in flight re-reads at most what it had read since its "
				+ "last commit: one chunk when the kill lands after a chunk was read and before it was committed.\n\n"
				+ "| killed after | kills | records re-read | per kill | per kill and window in flight, in chunks "
				+ "| the same, in pages | archive |\n|---|---:|---:|---:|---:|---:|---|\n" + String.join("\n", rows));
	}

	private static String describe(double[] killsAt, int answers) {
		List<String> points = new ArrayList<>();
		for (double fraction : killsAt) {
			points.add(Math.round(fraction * 100) + "%");
		}
		return String.join(" + ", points) + " of " + answers + " answers";
	}

	/** Runs (or resumes) the export of every function into {@code run}, with its own home and job repository. */
	private LogtallyProcess start(Path run, int attempt) {
		try {
			Files.createDirectories(run);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		SpecBuilder spec = SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("restart-cost")
			.destination(run.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY)
			.rateLimit(1_000_000)
			.pageSize(PAGE)
			.chunkSize(CHUNK)
			.concurrency(CONCURRENCY);
		for (int i = 0; i < FUNCTIONS; i++) {
			spec.function("fn-" + i);
		}
		Path file = spec.writeTo(run.resolve("job.yaml"));
		return LogtallyProcess.start(LogtallyProcess.jar(), Map.of(), run.resolve("run-" + attempt + ".out"),
				List.of("export", "--job", file.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--home",
						run.resolve("home").toString()));
	}

}
