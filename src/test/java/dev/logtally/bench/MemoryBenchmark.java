package dev.logtally.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.logtally.sandbox.cls.ClsDataset;
import dev.logtally.sandbox.cls.ClsEmulator;
import dev.logtally.sandbox.rds.AuditFile;
import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.RdsSpecBuilder;
import dev.logtally.testing.SlsSpecBuilder;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Memory (issue 8): the packaged jar with a 256 MB heap exports 5,000,000 SLS logs, then archives one RDS audit-log
 * file of 2 GB, each as its own JVM against the sandbox running in this one. Heap figures come from the jar's own GC
 * log ({@code -Xlog:gc}, passed through {@code JAVA_TOOL_OPTIONS}), resident memory from {@code /proc/<pid>/status}
 * sampled every 200 ms.
 *
 * <p>Each export runs twice. First as operators run it: its time, peak heap and peak RSS are the figures to quote.
 * Then with a full GC requested every twentieth of the first run's time ({@code jcmd <pid> GC.run}), so that what is
 * left after each is the live heap rather than G1's old-generation garbage, which piles up between marking cycles in a
 * saw tooth of tens of MB. That live heap must stay flat: the most of it in the last tenth of the run may exceed that
 * of the first tenth spent wholly exporting by at most {@value #GROWTH_MARGIN_MB} MB. The SLS export reads its four
 * logstores side by side, each as one window of 1,250,000 logs, so anything kept per record, per window or per run
 * grows from the first tenth to the last.
 *
 * <p>A CLS export of {@value #CLS_TOPICS} topics x {@value #CLS_LOGS_PER_TOPIC} logs, one day each, read side by side, is
 * measured the same way by a test of its own, with a section of its own on the page.
 *
 * <p>GC logs, the jar's output and, should it run out of memory, its heap dump are kept in
 * {@code target/memory-benchmark}.
 */
class MemoryBenchmark {

	private static final String HEAP = "256m";

	private static final long HEAP_LIMIT_BYTES = 256L << 20;

	/** Room for the live heap to wander between tenths (caches warming up, promotions between full GCs). */
	private static final long GROWTH_MARGIN_MB = 32;

	private static final int PARTS = 10;

	/** A flatness verdict needs figures from most tenths, not two points. */
	private static final int PARTS_WITH_FIGURES = 8;

	private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);

	/** Full GCs are requested no more often than this, whatever the length of the run. */
	private static final Duration FULL_GC_AT_MOST_EVERY = Duration.ofSeconds(1);

	private static final Duration LONGEST_RUN = Duration.ofMinutes(30);

	/**
	 * The SLS archive (JSON-lines staging, then CSV, about 1.5 GB each) and the RDS file (2 GB, staged, then moved)
	 * need a few GB at once; each run's archive is deleted before the next.
	 */
	private static final long DISK_NEEDED = 8L << 30;

	private static final Path EVIDENCE = Path.of("target", "memory-benchmark").toAbsolutePath();

	/** What the jar logs once Spring Boot has started and the export job begins. */
	private static final String RUN_STARTED = "INFO  starting run ";

	private static final String JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

	/** 2026-11-01T00:00 in Beijing, the specs' zone: one day is one window. */
	private static final Instant SLS_DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final String SLS_PROJECT = "demo-project";

	private static final int LOGSTORES = 4;

	private static final int LOGS_PER_LOGSTORE = 1_250_000;

	/** 2026-09-04T00:00 in Beijing. */
	private static final Instant RDS_DAY = Instant.parse("2026-09-03T16:00:00Z");

	private static final String RDS_PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final long FILE_BYTES = 2L << 30;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void exportsOfMillionsOfRecordsAndGigabytesStayWithinA256MbHeapWithoutGrowing() throws Exception {
		assertThat(Files.getFileStore(this.dir).getUsableSpace()).as("usable space for the archives under " + this.dir)
			.isGreaterThan(DISK_NEEDED);
		Files.createDirectories(EVIDENCE);
		List<Measured> runs = new ArrayList<>();
		runs.addAll(slsExport());
		runs.addAll(rdsExport());
		write(runs);
		SoftAssertions memory = new SoftAssertions();
		for (Measured run : runs) {
			memory.assertThat(run.peakHeapBytes()).as(run.name() + ": peak heap").isLessThanOrEqualTo(HEAP_LIMIT_BYTES);
			if (run.judged()) {
				memory.assertThat(run.curve().stream().filter(OptionalLong::isPresent).count())
					.as(run.name() + ": tenths with a full GC; curve " + run.curveText())
					.isGreaterThanOrEqualTo(PARTS_WITH_FIGURES);
				memory.assertThat(run.growthBytes())
					.as(run.name() + ": live heap, last tenth over the first tenth spent exporting; curve "
							+ run.curveText())
					.isLessThanOrEqualTo(GROWTH_MARGIN_MB << 20);
			}
		}
		memory.assertAll();
	}

	private List<Measured> slsExport() throws Exception {
		SlsDataset.Builder dataset = SlsDataset.builder(8);
		List<String> logstores = new ArrayList<>();
		for (int i = 0; i < LOGSTORES; i++) {
			logstores.add("app-log-" + i);
			dataset.logstore(SLS_PROJECT, "app-log-" + i, SLS_DAY, SLS_DAY.plusSeconds(86_400), LOGS_PER_LOGSTORE);
		}
		Path work = this.dir.resolve("sls");
		try (SlsEmulator emulator = SlsEmulator.builder()
			.credential("LTAImemory", "memory-secret")
			.dataset(dataset.build())
			.build()
			.start()) {
			SlsSpecBuilder job = SlsSpecBuilder.forEndpoint(emulator.endpoint())
				.name("memory-sls")
				.destination(work.resolve("archive"))
				.window("1d")
				.concurrency(LOGSTORES)
				.credentialVariables("SLS_ID", "SLS_SECRET");
			logstores.forEach(job::logstore);
			Path spec = job.writeTo(work.resolve("job.yaml"));
			Map<String, String> credentials = Map.of("SLS_ID", "LTAImemory", "SLS_SECRET", "memory-secret");
			List<String> args = List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", work.resolve("home").toString());
			long records = (long) LOGSTORES * LOGS_PER_LOGSTORE;
			String amount = String.format(Locale.ROOT, "%,d records", records);
			Measured natural = run("sls", credentials, args, null);
			assertAllLogsArchived(work);
			Measured live = run("sls-live", credentials, args, fullGcInterval(natural));
			assertAllLogsArchived(work);
			return List.of(
					natural.described(String.format(Locale.ROOT, "SLS, %d logstores x %,d logs read side by side",
							LOGSTORES, LOGS_PER_LOGSTORE), amount, records / natural.seconds(), "records/s"),
					live.described("the same, with a full GC every " + seconds(live.fullGcEvery()), amount,
							records / live.seconds(), "records/s"));
		}
	}

	/** Every window MATCHED with all its logs written; then the archive and job repository go, for the next run. */
	private static void assertAllLogsArchived(Path work) throws IOException {
		assertAllLogsArchived(work, LOGSTORES, LOGS_PER_LOGSTORE);
	}

	/** {@code windows} windows MATCHED with {@code logs} logs written each; then archive and job repository go. */
	private static void assertAllLogsArchived(Path work, int windows, long logs) throws IOException {
		List<JsonNode> manifests = manifests(work.resolve("archive"));
		assertThat(manifests).hasSize(windows);
		for (JsonNode manifest : manifests) {
			assertThat(manifest.get("verdict").asString()).as(manifest.toString()).isEqualTo("MATCHED");
			assertThat(manifest.get("counts").get("written").asLong()).isEqualTo(logs);
		}
		deleteRecursively(work.resolve("archive"));
		deleteRecursively(work.resolve("home"));
	}

	private static final int CLS_TOPICS = 4;

	private static final int CLS_LOGS_PER_TOPIC = 300_000;

	private static final Instant CLS_DAY = Instant.parse("2026-11-01T00:00:00Z");

	@Test
	void clsExportOfMoreThanAMillionLogsStaysWithinA256MbHeapWithoutGrowing() throws Exception {
		assertThat(Files.getFileStore(this.dir).getUsableSpace()).as("usable space for the archives under " + this.dir)
			.isGreaterThan(DISK_NEEDED);
		Files.createDirectories(EVIDENCE);
		ClsDataset.Builder dataset = ClsDataset.builder(9);
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < CLS_TOPICS; i++) {
			topics.add("memory-topic-" + i);
			dataset.topic("memory-topic-" + i, CLS_DAY, CLS_DAY.plusSeconds(86_400), CLS_LOGS_PER_TOPIC);
		}
		Path work = this.dir.resolve("cls");
		List<Measured> runs;
		try (ClsEmulator emulator = ClsEmulator.builder()
			.credential("AKIDmemory", "memory-key")
			.dataset(dataset.build())
			.build()
			.start()) {
			Path spec = new ClsJobSpec("memory-cls", emulator.endpoint(), work.resolve("archive"),
					work.resolve("credentials"), "1d", 1_000_000, 1_000, 1_000, CLS_TOPICS, false, topics)
				.writeTo(work.resolve("job.yaml"), "AKIDmemory", "memory-key");
			List<String> args = List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
					"2026-11-02", "--home", work.resolve("home").toString());
			long records = (long) CLS_TOPICS * CLS_LOGS_PER_TOPIC;
			String amount = String.format(Locale.ROOT, "%,d records", records);
			Measured natural = run("cls", Map.of(), args, null);
			assertAllLogsArchived(work, CLS_TOPICS, CLS_LOGS_PER_TOPIC);
			Measured live = run("cls-live", Map.of(), args, fullGcInterval(natural));
			assertAllLogsArchived(work, CLS_TOPICS, CLS_LOGS_PER_TOPIC);
			runs = List.of(
					natural.described(String.format(Locale.ROOT, "CLS, %d topics x %,d logs read side by side",
							CLS_TOPICS, CLS_LOGS_PER_TOPIC), amount, records / natural.seconds(), "records/s"),
					live.described("the same, with a full GC every " + seconds(live.fullGcEvery()), amount,
							records / live.seconds(), "records/s"));
		}
		BenchmarkPage.write("Memory (CLS, 256 MB heap)", BenchmarkPage.machine() + "\n\n"
				+ "The packaged jar with a 256 MB heap, measured as in \"Memory (256 MB heap)\" above: " + CLS_TOPICS
				+ " CLS topics of " + String.format(Locale.ROOT, "%,d", CLS_LOGS_PER_TOPIC) + " logs spread over one "
				+ "day, one-day windows read side by side (concurrency " + CLS_TOPICS + "), SearchLog pages of 1,000 "
				+ "logs (a window is planned into leaves of at most a page by histograms), rate limits off, "
				+ "plain CSV; a quarter of the logs carry hostile text. Every window MATCHED, with every log written. "
				+ "Each export runs twice, left to itself, then with a full GC requested twice a tenth, whose curve "
				+ "(the live heap) must stay within " + GROWTH_MARGIN_MB + " MB of its first tenth spent exporting, "
				+ "in brackets. MB = 2^20 bytes.\n\n"
				+ "| run | records | seconds | throughput | peak heap MB | peak RSS MB "
				+ "| heap after GC per tenth of the run (MB) | growth |\n"
				+ "|---|---:|---:|---:|---:|---:|---|---:|\n"
				+ runs.stream().map(Measured::row).collect(Collectors.joining("\n")));
		SoftAssertions memory = new SoftAssertions();
		for (Measured run : runs) {
			memory.assertThat(run.peakHeapBytes()).as(run.name() + ": peak heap").isLessThanOrEqualTo(HEAP_LIMIT_BYTES);
			if (run.judged()) {
				memory.assertThat(run.growthBytes())
					.as(run.name() + ": live heap, last tenth over the first tenth spent exporting; curve "
							+ run.curveText())
					.isLessThanOrEqualTo(GROWTH_MARGIN_MB << 20);
			}
		}
		memory.assertAll();
	}

	private List<Measured> rdsExport() throws Exception {
		RdsDataset dataset = RdsDataset.builder(8)
			.instance(RDS_PROJECT, INSTANCE, RDS_DAY, RDS_DAY.plusSeconds(86_400), 1)
			.largeFiles(RDS_PROJECT, INSTANCE, 1, FILE_BYTES)
			.build();
		AuditFile file = dataset.files(RDS_PROJECT, INSTANCE).get(0);
		Path work = this.dir.resolve("rds");
		try (RdsEmulator emulator = RdsEmulator.builder()
			.credential("HWMEMORYAK", "memory-sk")
			.dataset(dataset)
			.rateLimitPerMinute(0)
			.build()
			.start()) {
			Path spec = RdsSpecBuilder.forEndpoint(emulator.endpoint())
				.name("memory-rds")
				.destination(work.resolve("archive"))
				.concurrency(1)
				.window("1d")
				.credentialVariables("HW_AK", "HW_SK")
				.instance(INSTANCE)
				.writeTo(work.resolve("job.yaml"));
			Map<String, String> credentials = Map.of("HW_AK", "HWMEMORYAK", "HW_SK", "memory-sk");
			List<String> args = List.of("export", "--job", spec.toString(), "--from", "2026-09-04", "--to",
					"2026-09-05", "--home", work.resolve("home").toString());
			String amount = String.format(Locale.ROOT, "%,d bytes", FILE_BYTES);
			double megabytes = FILE_BYTES / (double) (1 << 20);
			Measured natural = run("rds", credentials, args, null);
			assertTheFileArchived(work, file, dataset.sha256(file.id()));
			Measured live = run("rds-live", credentials, args, fullGcInterval(natural));
			assertTheFileArchived(work, file, dataset.sha256(file.id()));
			return List.of(
					natural.described("RDS, one audit-log file of 2 GB downloaded", amount,
							megabytes / natural.seconds(), "MB/s"),
					live.described("the same, with a full GC every " + seconds(live.fullGcEvery()), amount,
							megabytes / live.seconds(), "MB/s"));
		}
	}

	/** The window MATCHED and its file is in the archive, whole; then the archive and job repository go. */
	private static void assertTheFileArchived(Path work, AuditFile file, String sha256) throws IOException {
		List<JsonNode> manifests = manifests(work.resolve("archive"));
		assertThat(manifests).hasSize(1);
		JsonNode manifest = manifests.get(0);
		assertThat(manifest.get("verdict").asString()).as(manifest.toString()).isEqualTo("MATCHED");
		JsonNode archived = manifest.get("archivedFiles").get(0);
		assertThat(archived.get("id").asString()).isEqualTo(file.id());
		assertThat(archived.get("bytes").asLong()).isEqualTo(FILE_BYTES);
		assertThat(archived.get("sha256").asString()).isEqualTo(sha256);
		assertThat(Files.size(work.resolve("archive").resolve(archived.get("path").asString()))).isEqualTo(FILE_BYTES);
		deleteRecursively(work.resolve("archive"));
		deleteRecursively(work.resolve("home"));
	}

	/** Two full GCs in each tenth of a run as long as the first one. */
	private static Duration fullGcInterval(Measured natural) {
		Duration twentieth = Duration.ofMillis(Math.round(natural.seconds() * 1000 / (2 * PARTS)));
		return twentieth.compareTo(FULL_GC_AT_MOST_EVERY) < 0 ? FULL_GC_AT_MOST_EVERY : twentieth;
	}

	/**
	 * Runs the jar to its end, sampling its resident memory, and reads its GC log.
	 * @param fullGcEvery how often to request a full GC, or {@code null} for none
	 */
	private static Measured run(String name, Map<String, String> credentials, List<String> args, Duration fullGcEvery)
			throws IOException, InterruptedException {
		Path gcLog = EVIDENCE.resolve(name + ".gc.log");
		Files.deleteIfExists(gcLog);
		Map<String, String> environment = new HashMap<>(credentials);
		environment.put("JAVA_TOOL_OPTIONS", "-Xlog:gc:file=" + gcLog + ":uptime -XX:+HeapDumpOnOutOfMemoryError "
				+ "-XX:HeapDumpPath=" + EVIDENCE);
		long start = System.nanoTime();
		LogtallyProcess process = LogtallyProcess.startAsShipped(LogtallyProcess.jar(), HEAP, environment,
				EVIDENCE.resolve(name + ".out"), args);
		ResidentMemory resident = new ResidentMemory(process.pid());
		CompletableFuture<?> exit = ProcessHandle.of(process.pid())
			.map(ProcessHandle::onExit)
			.orElse(CompletableFuture.completedFuture(null));
		Process collecting = null;
		long nextCollection = (fullGcEvery == null) ? Long.MAX_VALUE : start + fullGcEvery.toNanos();
		long runStarted = 0;
		while (true) {
			resident.sample();
			if (runStarted == 0 && process.output().contains(RUN_STARTED)) {
				runStarted = System.nanoTime();
			}
			if (System.nanoTime() >= nextCollection && (collecting == null || !collecting.isAlive())) {
				collecting = new ProcessBuilder(JCMD, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				// on schedule, but never a burst to catch up after a slow jcmd
				nextCollection = Math.max(nextCollection, System.nanoTime()) + fullGcEvery.toNanos();
			}
			try {
				exit.get(SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
				break;
			}
			catch (TimeoutException stillRunning) {
				if (System.nanoTime() - start > LONGEST_RUN.toNanos()) {
					process.kill();
					fail(name + " did not finish within " + LONGEST_RUN + ":\n" + process.output());
				}
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (collecting != null) {
			collecting.destroy();
		}
		assertThat(process.waitFor()).as(name + " exit code; output:\n" + process.output()).isZero();
		assertThat(resident.measured()).as("/proc/" + process.pid() + "/status was readable").isTrue();
		assertThat(runStarted).as(name + " logged \"" + RUN_STARTED + "\"").isPositive();
		double working = (runStarted - start) / 1e9;
		return new Measured(name, "", "", 0, "", seconds, working, GcLog.read(gcLog), resident.peakBytes(),
				fullGcEvery);
	}

	/**
	 * One run's figures.
	 * @param seconds from starting the JVM to its exit
	 * @param workingFrom seconds from the start to the line that says the run started: before it the JVM and Spring
	 *     Boot start, and the sources are probed
	 * @param fullGcEvery how often a full GC was requested, or {@code null} for a run left to itself
	 */
	private record Measured(String name, String what, String amount, double throughput, String unit, double seconds,
			double workingFrom, GcLog gc, long peakResidentBytes, Duration fullGcEvery) {

		Measured described(String what, String amount, double throughput, String unit) {
			return new Measured(this.name, what, amount, throughput, unit, this.seconds, this.workingFrom, this.gc,
					this.peakResidentBytes, this.fullGcEvery);
		}

		/** Whether the curve is the live heap, the one that must stay flat. */
		boolean judged() {
			return this.fullGcEvery != null;
		}

		long peakHeapBytes() {
			return this.gc.peakBytes();
		}

		/** Per tenth: the most heap left after a full GC if they were requested, else after any collection. */
		List<OptionalLong> curve() {
			return this.gc.maxAfterPerPart(this.seconds, PARTS,
					judged() ? GcLog.Pause::full : GcLog.Pause::collects);
		}

		/** The first tenth that starts once the export job has begun and has a figure. */
		int baseline() {
			List<OptionalLong> curve = curve();
			for (int i = 0; i < PARTS; i++) {
				if (i * this.seconds / PARTS >= this.workingFrom && curve.get(i).isPresent()) {
					return i;
				}
			}
			return PARTS - 1;
		}

		/** The last tenth with a figure. */
		int last() {
			List<OptionalLong> curve = curve();
			for (int i = PARTS - 1; i > 0; i--) {
				if (curve.get(i).isPresent()) {
					return i;
				}
			}
			return 0;
		}

		long growthBytes() {
			List<OptionalLong> curve = curve();
			return curve.get(last()).orElse(0) - curve.get(baseline()).orElse(0);
		}

		/** {@code 41 [44] 47 ...}: MB per tenth, the baseline tenth in brackets, {@code -} for a tenth without a figure. */
		String curveText() {
			List<OptionalLong> curve = curve();
			int baseline = baseline();
			List<String> parts = new ArrayList<>();
			for (int i = 0; i < PARTS; i++) {
				String mb = curve.get(i).isPresent() ? Long.toString(megabytes(curve.get(i).getAsLong())) : "-";
				parts.add(i == baseline ? "[" + mb + "]" : mb);
			}
			return String.join(" ", parts);
		}

		String row() {
			long growth = growthBytes();
			String growthText = (growth >= 0 ? "+" : "-") + megabytes(Math.abs(growth)) + " MB";
			return String.format(Locale.ROOT, "| %s | %s | %.1f | %,.0f %s | %d | %d | %s | %s |", this.what,
					this.amount, this.seconds, this.throughput, this.unit, megabytes(peakHeapBytes()),
					megabytes(this.peakResidentBytes), curveText(), judged() ? growthText : "(" + growthText + ")");
		}

	}

	private static void write(List<Measured> runs) throws IOException {
		BenchmarkPage.write("Memory (256 MB heap)", BenchmarkPage.machine() + "\n\n"
				+ "The packaged jar with a 256 MB heap (`java -Xmx256m -jar target/logtally.jar export ...`, the JVM's "
				+ "default collector, G1), each run in its own process against the sandbox, which runs in the "
				+ "benchmark's JVM. SLS: " + LOGSTORES + " logstores of "
				+ String.format(Locale.ROOT, "%,d", LOGS_PER_LOGSTORE) + " logs spread over one day, one window each, "
				+ "read side by side (concurrency " + LOGSTORES + "), pages of at most 100 logs, rate limits off, "
				+ "plain CSV. RDS: one audit-log file of 2 GB (2,147,483,648 bytes) in a one-day window, fetched "
				+ "through an `auditlog-links` URL and streamed to disk. Every window MATCHED, with every log written "
				+ "and the file's SHA-256 that of the sandbox.\n\n"
				+ "Seconds are the whole process, JVM and Spring Boot start included. Peak heap is the most heap in "
				+ "use before any GC pause (`-Xlog:gc`); peak RSS is `VmHWM` from `/proc/<pid>/status`, sampled every "
				+ "200 ms. Each export runs twice. First left to itself: quote its time and peaks; its curve, the "
				+ "most heap left after a young, mixed or full collection in each tenth of the run, is not judged "
				+ "(growth in parentheses), because what G1 leaves after a young collection includes old-generation "
				+ "garbage until its next marking cycle, a saw tooth of tens of MB. Then again with a full GC "
				+ "requested twice a tenth (`jcmd <pid> GC.run`), which costs some time and keeps the heap smaller: "
				+ "its curve is the most heap left after those full GCs, the live heap, and must stay flat. The tenth "
				+ "in brackets is the first spent wholly exporting (after the jar logged `starting run`); growth "
				+ "is the last tenth minus it, and the benchmark fails above " + GROWTH_MARGIN_MB + " MB. In the SLS "
				+ "export the live heap rises by a few MB over its first 45 seconds or so and is level after that: "
				+ "class histograms taken during a run show the job repository's H2 store holding more chunk and "
				+ "page-cache entries, which H2 bounds by time (it keeps the chunks of the last 45 s) and cache size, "
				+ "not by records. MB = 2^20 bytes.\n\n"
				+ "| run | records or bytes | seconds | throughput | peak heap MB | peak RSS MB "
				+ "| heap after GC per tenth of the run (MB) | growth |\n"
				+ "|---|---:|---:|---:|---:|---:|---|---:|\n"
				+ runs.stream().map(Measured::row).collect(Collectors.joining("\n")));
	}

	private static List<JsonNode> manifests(Path archive) throws IOException {
		try (Stream<Path> walk = Files.walk(archive)) {
			List<Path> files = walk.filter((path) -> path.toString().endsWith(".manifest.json")).sorted().toList();
			List<JsonNode> manifests = new ArrayList<>();
			for (Path file : files) {
				manifests.add(JSON.readTree(Files.readString(file)));
			}
			return manifests;
		}
	}

	/** Frees the disk at once: the next run needs the space more than the temporary directory's clean-up does. */
	private static void deleteRecursively(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			walk.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static long megabytes(long bytes) {
		return Math.round(bytes / (double) (1 << 20));
	}

}
