package dev.logtally.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.sandbox.LoopbackEmulator;
import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PublicationSwitch;
import dev.logtally.testing.RdsSpecBuilder;
import dev.logtally.testing.SlsSpecBuilder;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restart cost (issue 8): how many records a restart after {@code kill -9} asks the source for again, against the
 * target "a restart re-reads at most one chunk" per window in flight.
 *
 * <p>For each source, the packaged jar exports a dataset once without interruption (the reference), then, for each
 * kill point, once more killed with SIGKILL at that point and restarted with the same command until it finishes. The
 * sandbox counts the records in the answers it served; the records re-read are those the killed run and its restart
 * were served beyond the reference (less the one log the restart's preflight asks for). The windows in flight at the
 * kill are the window steps the job repository still held STARTED. A restarted window resumes from its last committed
 * chunk: SCF API 3.0 and RDS ask again from the offset of its first uncommitted record, the legacy API from the start
 * of that record's page, SLS from the start of its leaf (at most a page). So it re-reads up to the chunk it had read
 * but not committed, the rest of the page it had fetched, and at most a page before: the bound asserted is one chunk
 * plus one page per window in flight. The finished archive must be byte-identical to the reference.
 */
class RestartCostBenchmark {

	private static final Map<String, String> ENVIRONMENT = Map.of("SOURCE_ID", "AKIDrestart", "SOURCE_KEY",
			"restart-bench-key");

	/** 2026-11-01T00:00 in the specs' zone (+08:00). */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final int CHUNK = 500;

	private static final int SCF_PAGE = 100;

	private static final int SLS_PAGE = 100;

	private static final int RDS_PAGE = 50;

	private static final int CONCURRENCY = 4;

	@TempDir
	Path dir;

	@Test
	void aRestartReReadsAtMostOneChunkAndOnePagePerWindowInFlight() throws Exception {
		long started = System.nanoTime();
		List<Row> rows = new ArrayList<>();
		List<String> setUps = new ArrayList<>();
		try (ScfEmulator emulator = scfEmulator()) {
			Subject scf = scf(emulator);
			setUps.add(scf.setUp());
			rows.addAll(measure(scf));
		}
		try (SlsEmulator emulator = slsEmulator()) {
			Subject sls = sls(emulator);
			setUps.add(sls.setUp());
			rows.addAll(measure(sls));
		}
		try (RdsEmulator emulator = rdsEmulator()) {
			Subject rds = rds(emulator);
			setUps.add(rds.setUp());
			rows.addAll(measure(rds));
		}
		try (ScfLegacyEmulator emulator = legacyEmulator()) {
			Subject legacy = legacy(emulator);
			setUps.add(legacy.setUp());
			rows.addAll(measure(legacy));
		}
		write(rows, setUps, Duration.ofNanos(System.nanoTime() - started));
		for (Row row : rows) {
			assertThat(row.identical()).as("%s killed %s: archive byte-identical to the reference", row.source(),
					row.point().label())
				.isTrue();
			assertThat(row.reRead()).as("%s killed %s: records re-read", row.source(), row.point().label())
				.isBetween(0L, row.bound());
		}
	}

	// the sources

	private static ScfEmulator scfEmulator() {
		ScfDataset.Builder dataset = ScfDataset.builder(808);
		for (int i = 1; i <= 4; i++) {
			dataset.function("default", "fn-" + i, DAY_1, DAY_1.plusSeconds(2 * 86_400), 6_000);
		}
		return ScfEmulator.builder()
			.credential("AKIDrestart", "restart-bench-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private static Subject scf(ScfEmulator emulator) {
		return new Subject("SCF API 3.0", emulator, SCF_PAGE, 1, (dir) -> {
			SpecBuilder spec = SpecBuilder.forEndpoint(emulator.endpoint())
				.name("restart-scf")
				.destination(dir.resolve("archive"))
				.gzip()
				.chunkSize(CHUNK)
				.pageSize(SCF_PAGE)
				.concurrency(CONCURRENCY)
				.rateLimit(1_000_000)
				.credentialVariables("SOURCE_ID", "SOURCE_KEY");
			for (int i = 1; i <= 4; i++) {
				spec.function("fn-" + i);
			}
			return spec.writeTo(dir.resolve("job.yaml"));
		}, List.of("--from", "2026-11-01", "--to", "2026-11-03"),
				"4 functions x 2 one-day windows x about 3,000 logs = 24,000 records, 8 windows");
	}

	private static SlsEmulator slsEmulator() {
		return SlsEmulator.builder()
			.credential("AKIDrestart", "restart-bench-key")
			.dataset(SlsDataset.builder(909)
				.logstore("demo-project", "app-log", DAY_1, DAY_1.plusSeconds(3 * 3_600), 10_000)
				.burst("demo-project", "app-log", DAY_1.plusSeconds(5_000), 2_000)
				.logstore("demo-project", "access-log", DAY_1, DAY_1.plusSeconds(3 * 3_600), 10_000)
				.build())
			.build()
			.start();
	}

	private static Subject sls(SlsEmulator emulator) {
		// SLS's preflight asks GetHistograms, whose answer carries no log
		return new Subject("SLS", emulator, SLS_PAGE, 0, (dir) -> SlsSpecBuilder.forEndpoint(emulator.endpoint())
			.name("restart-sls")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(CHUNK)
			.concurrency(CONCURRENCY)
			.credentialVariables("SOURCE_ID", "SOURCE_KEY")
			.logstore("app-log")
			.logstore("access-log")
			.writeTo(dir.resolve("job.yaml")), List.of("--from", "2026-11-01T00:00", "--to", "2026-11-01T03:00"),
				"2 logstores x 3 one-hour windows, 22,000 logs (one burst of 2,000 in a second), 6 windows");
	}

	private static RdsEmulator rdsEmulator() {
		RdsDataset.Builder dataset = RdsDataset.builder(707);
		for (int i = 1; i <= 3; i++) {
			dataset.instance("0483b6b16e954cb88930a360d2c4e663", instance(i), DAY_1, DAY_1.plusSeconds(3 * 86_400),
					3_000);
		}
		return RdsEmulator.builder()
			.credential("AKIDrestart", "restart-bench-key")
			.dataset(dataset.build())
			.rateLimitPerMinute(0)
			.build()
			.start();
	}

	private static Subject rds(RdsEmulator emulator) {
		return new Subject("RDS audit logs", emulator, RDS_PAGE, 1, (dir) -> {
			RdsSpecBuilder spec = RdsSpecBuilder.forEndpoint(emulator.endpoint())
				.name("restart-rds")
				.destination(dir.resolve("archive"))
				.concurrency(CONCURRENCY)
				.listingOnly()
				.credentialVariables("SOURCE_ID", "SOURCE_KEY");
			for (int i = 1; i <= 3; i++) {
				spec.instance(instance(i));
			}
			return spec.writeTo(dir.resolve("job.yaml"));
		}, List.of("--from", "2026-11-01", "--to", "2026-11-04"),
				"3 instances x 3 one-day windows x about 1,000 audit-log files, listed only (no downloads), 9 windows");
	}

	private static String instance(int i) {
		return "cee5265e1e5845649e354841234567dfin0" + i;
	}

	private static ScfLegacyEmulator legacyEmulator() {
		ScfDataset.Builder dataset = ScfDataset.builder(606);
		for (int i = 1; i <= 2; i++) {
			dataset.function("default", "fn-" + i, DAY_1, DAY_1.plusSeconds(2 * 86_400), 6_000);
		}
		return ScfLegacyEmulator.builder()
			.credential("AKIDrestart", "restart-bench-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private static Subject legacy(ScfLegacyEmulator emulator) {
		return new Subject("SCF legacy API", emulator, SCF_PAGE, 1, (dir) -> SpecBuilder.forEndpoint(emulator.endpoint())
			.name("restart-legacy")
			.sourceType("tencent-scf-legacy")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(CHUNK)
			.pageSize(SCF_PAGE)
			.concurrency(CONCURRENCY)
			.credentialVariables("SOURCE_ID", "SOURCE_KEY")
			.function("fn-1")
			.function("fn-2")
			.writeTo(dir.resolve("job.yaml")), List.of("--from", "2026-11-01", "--to", "2026-11-03"),
				"2 functions x 2 one-day windows x 3,000 logs = 12,000 records, 4 windows");
	}

	// the measurement

	/**
	 * A source under test.
	 * @param page the page size its spec asks for
	 * @param probeRecords the records in the answer to the preflight every run asks first
	 * @param spec writes the job spec into a folder, with the archive in its {@code archive} subfolder
	 * @param range the {@code --from}/{@code --to} arguments
	 */
	private record Subject(String name, LoopbackEmulator<?> emulator, int page, int probeRecords,
			Function<Path, Path> spec, List<String> range, String dataset) {

		String setUp() {
			return "- " + this.name + ": " + this.dataset + "; chunks of " + CHUNK + ", pages of " + this.page + ", "
					+ CONCURRENCY + " windows at once.";
		}

	}

	/** Where a run is killed: after a share of the answers an uninterrupted run gets, or at its first manifest. */
	private enum KillPoint {

		EARLY("early (10% of the answers)", 0.1), MIDDLE("middle (50%)", 0.5), LATE("late (90%)", 0.9),
		PUBLICATION("during publication (first window manifest)", 0);

		private final String label;

		private final double share;

		KillPoint(String label, double share) {
			this.label = label;
			this.share = share;
		}

		String label() {
			return this.label;
		}

		int answers(int uninterrupted) {
			return (int) Math.round(this.share * uninterrupted);
		}

	}

	/** What a sandbox had served by some moment: answers, and the records in them. */
	private record Served(int answers, long records) {

		static Served by(LoopbackEmulator<?> emulator) {
			return new Served(emulator.servedCount(), emulator.servedRecordCount());
		}

		Served since(Served earlier) {
			return new Served(this.answers - earlier.answers, this.records - earlier.records);
		}

	}

	/**
	 * One kill and restart.
	 * @param answers the answers the killed run had
	 * @param inFlight the windows being read at the kill
	 * @param committed the records all windows had committed at the kill
	 * @param published the windows published at the kill
	 * @param reRead records served to the killed run and its restart beyond an uninterrupted run
	 */
	private record Row(String source, KillPoint point, int answers, int inFlight, long committed, int published,
			int windows, long reRead, int page, boolean identical) {

		/** One chunk plus one page per window in flight. */
		long bound() {
			return (long) this.inFlight * (CHUNK + this.page);
		}

		String cells() {
			String perWindow = this.inFlight == 0 ? "-"
					: String.format(Locale.ROOT, "%.2f", (double) this.reRead / ((long) CHUNK * this.inFlight));
			String kill = this.point == KillPoint.PUBLICATION
					? this.point.label() + ", " + this.published + " of " + this.windows + " published"
					: this.point.label();
			return String.format(Locale.ROOT, "| %s | %s | %,d | %d | %,d | %,d | %s | %,d | %s |", this.source, kill,
					this.answers, this.inFlight, this.committed, this.reRead, perWindow, bound(),
					this.identical ? "yes" : "NO");
		}

	}

	private List<Row> measure(Subject subject) {
		KillSwitch killSwitch = new KillSwitch(subject.emulator()::servedCount);
		subject.emulator().onServed(killSwitch::served);
		Path folder = this.dir.resolve(subject.name().replaceAll("[^A-Za-z0-9]+", "-"));
		Path reference = folder.resolve("reference");
		Served before = Served.by(subject.emulator());
		run(subject, reference, "uninterrupted");
		Served uninterrupted = Served.by(subject.emulator()).since(before);
		int windows = manifests(reference.resolve("archive"));
		List<Row> rows = new ArrayList<>();
		for (KillPoint point : KillPoint.values()) {
			rows.add(killAndRestart(subject, killSwitch, point, folder.resolve(point.name()), uninterrupted, windows,
					reference.resolve("archive")));
		}
		return rows;
	}

	private Row killAndRestart(Subject subject, KillSwitch killSwitch, KillPoint point, Path folder,
			Served uninterrupted, int windows, Path referenceArchive) {
		Path spec = subject.spec().apply(folder);
		Served before = Served.by(subject.emulator());
		if (point == KillPoint.PUBLICATION) {
			try (PublicationSwitch publication = PublicationSwitch.watch(folder.resolve("archive"))) {
				LogtallyProcess process = start(subject, spec, folder, "killed");
				boolean killed = publication.killAtFirstManifest(process);
				assertThat(process.waitFor()).as("killed during publication: %s", process.output()).isEqualTo(137);
				assertThat(killed).as("a manifest appeared while the run was alive").isTrue();
			}
		}
		else {
			killSwitch.killAfter(point.answers(uninterrupted.answers()), () -> start(subject, spec, folder, "killed"));
		}
		Served killed = Served.by(subject.emulator()).since(before);
		Checkpoints checkpoints = Checkpoints.in(folder.resolve("home"));
		int published = manifests(folder.resolve("archive"));
		Served beforeRestart = Served.by(subject.emulator());
		run(subject, folder, "restart");
		Served restart = Served.by(subject.emulator()).since(beforeRestart);
		long reRead = killed.records() + restart.records() - uninterrupted.records() - subject.probeRecords();
		return new Row(subject.name(), point, killed.answers(), checkpoints.inFlight(), checkpoints.committed(),
				published, windows, reRead, subject.page(), sameFiles(folder.resolve("archive"), referenceArchive));
	}

	private static void run(Subject subject, Path folder, String name) {
		LogtallyProcess process = start(subject, subject.spec().apply(folder), folder, name);
		assertThat(process.waitFor()).as(process.output()).isZero();
	}

	private static LogtallyProcess start(Subject subject, Path spec, Path folder, String name) {
		List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString()));
		args.addAll(subject.range());
		args.addAll(List.of("--home", folder.resolve("home").toString()));
		return LogtallyProcess.startAsShipped(LogtallyProcess.jar(), "256m", ENVIRONMENT, folder.resolve(name + ".out"),
				args);
	}

	/**
	 * What the job repository held for the killed run's windows: how many were still being read (their steps STARTED)
	 * and how many records all of them had read and committed.
	 */
	private record Checkpoints(int inFlight, long committed) {

		/** The one job's repository under the home: each benchmark folder runs one job spec. */
		private static Path jobRepository(Path home) {
			try (Stream<Path> jobs = Files.list(home.resolve("jobs"))) {
				return jobs.findFirst().orElseThrow().resolve("repository");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		static Checkpoints in(Path home) {
			// The job's own database (jobs/<job>/, logtally.yml): the killed process's file lock died with it.
			String url = "jdbc:h2:file:" + jobRepository(home) + ";WRITE_DELAY=0";
			try (Connection connection = DriverManager.getConnection(url, "sa", "");
					Statement statement = connection.createStatement();
					ResultSet steps = statement.executeQuery(
							"SELECT STATUS, READ_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'exportWindow:%'")) {
				int inFlight = 0;
				long committed = 0;
				while (steps.next()) {
					inFlight += "STARTED".equals(steps.getString(1)) ? 1 : 0;
					committed += steps.getLong(2);
				}
				return new Checkpoints(inFlight, committed);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot read the job repository in " + home, ex);
			}
		}

	}

	private static int manifests(Path archive) {
		if (!Files.isDirectory(archive)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(archive)) {
			return (int) files.filter((file) -> file.getFileName().toString().endsWith(ArchiveLayout.MANIFEST_SUFFIX))
				.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean sameFiles(Path actual, Path expected) {
		Map<String, byte[]> actualFiles = ArchiveFiles.snapshot(actual);
		Map<String, byte[]> expectedFiles = ArchiveFiles.snapshot(expected);
		return !expectedFiles.isEmpty() && actualFiles.keySet().equals(expectedFiles.keySet())
				&& expectedFiles.entrySet()
					.stream()
					.allMatch((file) -> Arrays.equals(file.getValue(), actualFiles.get(file.getKey())));
	}

	private static String verdict(List<Row> rows) {
		List<String> beyond = rows.stream()
			.filter((row) -> row.reRead() > row.bound() || !row.identical())
			.map((row) -> row.source() + " killed " + row.point().label())
			.toList();
		return beyond.isEmpty()
				? "Every restart stayed within the bound and ended byte-identical: no reader state is coarser than a page."
				: "Beyond the bound or not byte-identical: " + String.join("; ", beyond) + ".";
	}

	private static void write(List<Row> rows, List<String> setUps, Duration took) throws IOException {
		StringBuilder table = new StringBuilder("| source | killed | answers before the kill | windows in flight "
				+ "| records committed at the kill | records re-read | re-read per window in flight, in chunks "
				+ "| at most (chunk + page per window in flight) | archive byte-identical |\n"
				+ "|---|---|---:|---:|---:|---:|---:|---:|---|\n");
		for (Row row : rows) {
			table.append(row.cells()).append('\n');
		}
		BenchmarkPage.write("Restart cost (kill -9)", BenchmarkPage.machine() + "\n\n"
				+ "Each source's dataset is exported once by the packaged jar without interruption (the reference), then "
				+ "once per kill point killed with SIGKILL and restarted with the same command until it finishes. "
				+ "Records re-read = records in the sandbox's answers to the killed run and its restart, less those to "
				+ "the reference, less the one log the restart's preflight asks for (none for SLS, whose preflight is a "
				+ "histogram). Windows in flight = window steps the job repository held STARTED at the kill; records "
				+ "committed = the read counts the window steps had committed. A restarted window resumes from its last "
				+ "committed chunk: SCF API 3.0 and RDS ask again from the offset of its first uncommitted record, the "
				+ "legacy API from the start of that record's page, SLS from the start of its leaf (at most a page). "
				+ "So the bound is one chunk plus one page per window in flight. Kill points are shares of the answers "
				+ "of the uninterrupted run; \"during publication\" kills when the first window manifest appears. Rate "
				+ "limits off; the sandbox on loopback; H2 job repository; gzip archives (RDS: plain CSV).\n\n"
				+ String.join("\n", setUps) + "\n\n" + table + "\n" + verdict(rows) + " Not covered: an SLS leaf that is a single nanosecond holding "
				+ "more than a page (logs sent without a nanosecond part, more than 99 in one second) is read whole "
				+ "and sorted, so a restart inside it re-reads it whole; the sandbox gives every log a nanosecond part. "
				+ "RDS audit-log files a killed run had downloaded are not downloaded again (RdsKillAndRestartIT); "
				+ "here RDS lists only.\n\nThe benchmark took " + took.toSeconds() + " s (" + rows.size()
				+ " kills and restarts, each two JVM starts of the jar, plus one reference export per source) on the "
				+ "machine above, shared with other builds.");
	}

}
