package dev.logtally.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PostgresRepository;
import dev.logtally.testing.SpecBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfill scale (issue 29, target 3): a year of daily windows for 100 SCF functions, 36,500 windows in one run, as
 * the packaged jar with the JVM's defaults, once on the embedded H2 job repository and once on PostgreSQL. The data
 * is sparse (most days of a function are empty, the others hold a log or two) and the sandbox enforces no rate limit,
 * so what is measured is logtally's own cost of a window: its step execution in the job repository, its request for
 * the count and the logs, its manifest and its publication.
 *
 * <p>The figures come from the job repository itself, which stamps every step execution's start and end: planning
 * is from the partitioned step's start to the first window's (Spring Batch creates and saves a step execution for
 * every window before the first runs); the wall per window is the time from one window's start to the next's, one
 * window at a time ({@code concurrency: 1}), so it holds everything between two windows; publication is from the
 * last window's end to the run's. The scale is {@code -Dlogtally.backfill.targets} and {@code -Dlogtally.backfill.days}
 * (defaults: the 100 x 365).
 */
class BackfillScaleBenchmark {

	private static final int TARGETS = Integer.getInteger("logtally.backfill.targets", 100);

	private static final int DAYS = Integer.getInteger("logtally.backfill.days", 365);

	/** {@code h2}, {@code postgresql} or both (the default), comma-separated. */
	private static final String REPOSITORIES = System.getProperty("logtally.backfill.repositories", "h2,postgresql");

	private static final ZoneId ZONE = ZoneId.of("+08:00");

	private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);

	private static final Map<String, String> ENVIRONMENT = Map.of("SOURCE_ID", "AKIDbackfill", "SOURCE_KEY",
			"backfill-bench-key");

	@TempDir
	Path dir;

	@Test
	void aYearOfDailyWindowsForAHundredTargetsIsPlannedInSecondsAndCostsMillisecondsAWindow() throws Exception {
		Instant from = FIRST_DAY.atStartOfDay(ZONE).toInstant();
		Instant to = FIRST_DAY.plusDays(DAYS).atStartOfDay(ZONE).toInstant();
		ScfDataset.Builder dataset = ScfDataset.builder(29).hostile(false);
		// Sparse: about one log for every two days of a function, so most windows are empty.
		for (int i = 1; i <= TARGETS; i++) {
			dataset.function("default", function(i), from, to, Math.max(1, DAYS / 2));
		}
		List<Row> rows = new ArrayList<>();
		try (ScfEmulator emulator = ScfEmulator.builder()
			.credential("AKIDbackfill", "backfill-bench-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start(); EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			if (REPOSITORIES.contains("h2")) {
				rows.add(measure("H2 (embedded file)", emulator, this.dir.resolve("h2"), List.of(),
						(folder) -> DriverManager.getConnection("jdbc:h2:file:"
								+ folder.resolve("home/jobs/backfill/repository") + ";IFEXISTS=TRUE", "sa", "")));
			}
			if (REPOSITORIES.contains("postgresql")) {
				Path pg = this.dir.resolve("pg");
				Files.createDirectories(pg);
				rows.add(measure("PostgreSQL (embedded)", emulator, pg,
						PostgresRepository.create(postgres, pg, "backfill"),
						(folder) -> DriverManager.getConnection(
								"jdbc:postgresql://localhost:" + postgres.getPort() + "/backfill", "postgres",
								"postgres")));
			}
		}
		write(rows);
		for (Row row : rows) {
			assertThat(row.windows()).as(row.repository()).isEqualTo((long) TARGETS * DAYS);
			assertThat(row.planning()).as("%s: planning", row.repository()).isLessThanOrEqualTo(Duration.ofSeconds(30));
			assertThat(row.perWindowMedian()).as("%s: wall per window, median", row.repository())
				.isLessThanOrEqualTo(Duration.ofMillis(20));
		}
	}

	@FunctionalInterface
	private interface Database {

		Connection connect(Path folder) throws Exception;

	}

	private Row measure(String repository, ScfEmulator emulator, Path folder, List<String> repositoryArguments,
			Database database) throws Exception {
		SpecBuilder spec = SpecBuilder.forEndpoint(emulator.endpoint())
			.name("backfill")
			.zone(ZONE.getId())
			.destination(folder.resolve("archive"))
			.concurrency(1)
			.rateLimit(1_000_000)
			.credentialVariables("SOURCE_ID", "SOURCE_KEY");
		for (int i = 1; i <= TARGETS; i++) {
			spec.function(function(i));
		}
		Path file = spec.writeTo(folder.resolve("job.yaml"));
		List<String> args = new ArrayList<>(List.of("export", "--job", file.toString(), "--from",
				FIRST_DAY.toString(), "--to", FIRST_DAY.plusDays(DAYS).toString(), "--home",
				folder.resolve("home").toString()));
		args.addAll(repositoryArguments);
		String load = Files.readString(Path.of("/proc/loadavg")).strip();
		LocalDateTime launched = LocalDateTime.now();
		long started = System.nanoTime();
		LogtallyProcess process = LogtallyProcess.startAsShipped(LogtallyProcess.jar(), "256m", ENVIRONMENT,
				folder.resolve("export.out"), args);
		// H2 shrinks its file when it closes: what a disk must hold is the largest size while the run writes.
		PeakSize peak = PeakSize.of(folder.resolve("home/jobs/backfill/repository.mv.db"));
		ProcessCpu cpu;
		try {
			cpu = ProcessCpu.untilExit(process);
		}
		finally {
			peak.stop();
		}
		int exit = process.waitFor();
		Duration total = Duration.ofNanos(System.nanoTime() - started);
		assertThat(exit).as(process.output()).isZero();
		try (Connection connection = database.connect(folder); Statement statement = connection.createStatement()) {
			long steps = single(statement, "SELECT count(*) FROM BATCH_STEP_EXECUTION");
			LocalDateTime jobStart = time(statement, "SELECT min(START_TIME) FROM BATCH_JOB_EXECUTION");
			LocalDateTime jobEnd = time(statement, "SELECT max(END_TIME) FROM BATCH_JOB_EXECUTION");
			LocalDateTime managerStart = time(statement,
					"SELECT START_TIME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'exportWindows'");
			List<LocalDateTime[]> windows = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery("SELECT START_TIME, END_TIME FROM BATCH_STEP_EXECUTION "
					+ "WHERE STEP_NAME LIKE 'exportWindow:%' ORDER BY START_TIME")) {
				while (rows.next()) {
					windows.add(new LocalDateTime[] { rows.getTimestamp(1).toLocalDateTime(),
							rows.getTimestamp(2).toLocalDateTime() });
				}
			}
			List<Duration> intervals = new ArrayList<>();
			List<Duration> stepTimes = new ArrayList<>();
			for (int i = 0; i < windows.size(); i++) {
				stepTimes.add(Duration.between(windows.get(i)[0], windows.get(i)[1]));
				if (i > 0) {
					intervals.add(Duration.between(windows.get(i - 1)[0], windows.get(i)[0]));
				}
			}
			intervals.sort(null);
			stepTimes.sort(null);
			long size = repositoryArguments.isEmpty()
					? Files.size(folder.resolve("home/jobs/backfill/repository.mv.db"))
					: single(statement, "SELECT pg_database_size(current_database())");
			return new Row(repository, windows.size(), steps, Duration.between(launched, jobStart),
					Duration.between(managerStart, windows.get(0)[0]), percentile(intervals, 50),
					percentile(intervals, 95), percentile(stepTimes, 50), percentile(stepTimes, 95),
					Duration.between(windows.get(windows.size() - 1)[1], jobEnd), total, cpu.total(), cpu.largest(4), size,
					repositoryArguments.isEmpty() ? peak.largest() : size, load);
		}
	}

	/**
	 * @param startUp from launching the JVM to the job execution's start
	 * @param planning from the partitioned step's start to the first window's
	 * @param perWindowMedian from one window's start to the next's
	 * @param tail from the last window's end to the run's: publication and the run manifest
	 */
	private record Row(String repository, long windows, long stepExecutions, Duration startUp, Duration planning,
			Duration perWindowMedian, Duration perWindowP95, Duration stepMedian, Duration stepP95, Duration tail,
			Duration total, Duration cpu, String cpuByThreads, long bytes, long peakBytes, String load) {
	}

	/** The largest size a file reaches, read every 100 ms on a thread of its own until stopped. */
	private static final class PeakSize {

		private final Path file;

		private final Thread sampler;

		private volatile long largest;

		private PeakSize(Path file) {
			this.file = file;
			this.sampler = new Thread(this::sample, "peak-size");
			this.sampler.setDaemon(true);
		}

		static PeakSize of(Path file) {
			PeakSize peak = new PeakSize(file);
			peak.sampler.start();
			return peak;
		}

		private void sample() {
			while (!Thread.currentThread().isInterrupted()) {
				read();
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		private void read() {
			try {
				this.largest = Math.max(this.largest, Files.size(this.file));
			}
			catch (java.io.IOException ex) {
				// not created yet, or a PostgreSQL run: nothing to read
			}
		}

		void stop() throws InterruptedException {
			this.sampler.interrupt();
			this.sampler.join();
			read();
		}

		long largest() {
			return this.largest;
		}

	}

	private void write(List<Row> rows) throws Exception {
		StringBuilder table = new StringBuilder("| job repository | windows | step executions | start-up | planning "
				+ "| wall per window, median | p95 | window step, median | p95 | publication and run manifest | "
				+ "total wall | process CPU | CPU by threads (largest 4) | repository size | largest during the run | "
				+ "load average (1, 5, 15 min) |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n");
		for (Row row : rows) {
			table.append(String.format(Locale.ROOT,
					"| %s | %,d | %,d | %.1f s | %.1f s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f s | %.1f s | "
							+ "%.1f s | %s | %.1f MiB | %.1f MiB | %s |%n",
					row.repository(), row.windows(), row.stepExecutions(), seconds(row.startUp()),
					seconds(row.planning()), millis(row.perWindowMedian()), millis(row.perWindowP95()),
					millis(row.stepMedian()), millis(row.stepP95()), seconds(row.tail()), seconds(row.total()),
					seconds(row.cpu()), row.cpuByThreads(), row.bytes() / (1024.0 * 1024.0),
					row.peakBytes() / (1024.0 * 1024.0), row.load()));
		}
		BenchmarkPage.write("Backfill scale",
				BenchmarkPage.machine() + "\n\n" + String.format(Locale.ROOT, "One `export` of %d SCF functions over %d "
						+ "days of daily windows (%,d windows, one run), the packaged jar with the JVM's defaults, "
						+ "`concurrency: 1`, plain CSV, a local archive; the sandbox holds about one log for every two "
						+ "days of a function and enforces no rate limit, so the figures are logtally's own cost of a "
						+ "window. From the job repository's own times: planning is from the partitioned step's start "
						+ "to the first window's (a step execution is created and saved for every window before the first "
						+ "runs); the wall per window is from one window's start to the next's (the window's step, its "
						+ "count and fetch request, its repository writes); the window step is its own start to end. "
						+ "The repository size is H2's file as the run left it (H2 compacts it briefly at close), "
						+ "beside the largest it grew to while the run wrote (read every 100 ms), and PostgreSQL's "
						+ "`pg_database_size` (both columns). Targets: planning <= 30 s, wall per window <= 20 ms median. Scale: "
						+ "`-Dlogtally.backfill.targets=%d -Dlogtally.backfill.days=%d` (the defaults are the issue's "
						+ "100 x 365); `-Dlogtally.backfill.repositories=h2` or `postgresql` measures one of them.",
						TARGETS, DAYS,
						(long) TARGETS * DAYS, TARGETS, DAYS)
						+ "\n\n" + table);
	}

	private static String function(int i) {
		return String.format(Locale.ROOT, "fn-%03d", i);
	}

	private static long single(Statement statement, String sql) throws Exception {
		try (ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static LocalDateTime time(Statement statement, String sql) throws Exception {
		try (ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getTimestamp(1).toLocalDateTime();
		}
	}

	private static Duration percentile(List<Duration> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return Duration.ZERO;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1e6;
	}

}
