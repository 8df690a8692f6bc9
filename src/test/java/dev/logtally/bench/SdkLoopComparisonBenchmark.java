package dev.logtally.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.LogtallyProcess;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.logtally.bench.BenchmarkPage.median;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against what users would write instead (issue 29, target 5): the same SLS sandbox data exported by
 * {@code logtally export} (the packaged jar, {@code java -jar}, default options, every check on) and by a plain loop
 * over the official SDK ({@link SlsSdkLoop}: GetLogs pages of 100 by offset, one CSV line a log, nothing checked), each
 * in a fresh JVM with the JVM's default options, plain CSV and gzip, median of 3 runs each
 * ({@code -Dlogtally.bench.runs=N}). The sandbox runs in this JVM on loopback, its rate limit off and the spec's
 * {@code rateLimit} out of reach: on real SLS both would face the same project QPS, which would make the comparison one
 * of rate budgets rather than of work.
 *
 * <p>Wall time, process CPU ({@link ProcessCpu}) and the peak resident memory ({@link ResidentMemory}) of each process;
 * the sandbox's request count for each run. Each way also reads a logstore of one log, which shows its start-up and so
 * what it costs beyond it. Both must write every log; logtally's windows must all be MATCHED. The
 * SDK loop's files are read back afterwards to count the distinct logs they hold: the sandbox, like SLS, orders logs
 * tied within a minute differently on every request, so offset paging writes the right number of lines but may repeat
 * some logs and miss others.
 */
class SdkLoopComparisonBenchmark {

	private static final int RUNS = Integer.getInteger("logtally.bench.runs", 3);

	private static final String PROJECT = "bench-project";

	private static final int LOGSTORES = Integer.getInteger("logtally.bench.logstores", 4);

	private static final int HOURS = 6;

	private static final int LOGS_PER_HOUR = Integer.getInteger("logtally.bench.slsRecords", 10_000);

	/** 2026-11-01T00:00 in the spec's zone, +08:00. */
	private static final Instant FIRST_HOUR = Instant.parse("2026-10-31T16:00:00Z");


	private static final String ACCESS_KEY_ID = "LTAIbench";

	private static final String ACCESS_KEY_SECRET = "bench-secret";

	@TempDir
	Path dir;

	@Test
	void logtallyExportNextToAPlainSdkLoop() throws Exception {
		SlsDataset.Builder dataset = SlsDataset.builder(80);
		for (String logstore : logstores()) {
			dataset.logstore(PROJECT, logstore, FIRST_HOUR, FIRST_HOUR.plus(Duration.ofHours(HOURS)),
					HOURS * LOGS_PER_HOUR);
		}
		dataset.logstore(PROJECT, ONE, FIRST_HOUR, FIRST_HOUR.plus(Duration.ofHours(1)), 1);
		long logs = (long) LOGSTORES * HOURS * LOGS_PER_HOUR;
		Map<String, List<Run>> runs = new LinkedHashMap<>();
		for (String way : List.of(LOGTALLY_PLAIN, SDK_PLAIN, LOGTALLY_GZIP, SDK_GZIP, LOGTALLY_ONE, SDK_ONE)) {
			runs.put(way, new ArrayList<>());
		}
		try (SlsEmulator emulator = SlsEmulator.builder()
			.credential(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
			.dataset(dataset.build())
			.build()
			.start()) {
			// one run of each, not counted: the sandbox's own code is compiled before anything is measured
			sdkLoop(emulator, logstores(), HOURS, false, "warm-up-sdk");
			logtally(emulator, logstores(), HOURS, false, "warm-up-logtally");
			// interleaved, so that the machine's drift falls on both alike
			for (int run = 0; run < RUNS; run++) {
				runs.get(LOGTALLY_PLAIN).add(logtally(emulator, logstores(), HOURS, false, "logtally-plain-" + run));
				runs.get(SDK_PLAIN).add(sdkLoop(emulator, logstores(), HOURS, false, "sdk-plain-" + run));
				runs.get(LOGTALLY_GZIP).add(logtally(emulator, logstores(), HOURS, true, "logtally-gzip-" + run));
				runs.get(SDK_GZIP).add(sdkLoop(emulator, logstores(), HOURS, true, "sdk-gzip-" + run));
				runs.get(LOGTALLY_ONE).add(logtally(emulator, List.of(ONE), 1, false, "logtally-one-" + run));
				runs.get(SDK_ONE).add(sdkLoop(emulator, List.of(ONE), 1, false, "sdk-one-" + run));
			}
		}
		runs.forEach((way, each) -> each.forEach((run) -> assertThat(run.logs()).as(run.name())
			.isEqualTo(way.equals(LOGTALLY_ONE) || way.equals(SDK_ONE) ? 1 : logs)));
		long distinct = distinctLogs(this.dir.resolve("sdk-plain-0"), false);
		write(runs, logs, distinct);
	}

	private static final String LOGTALLY_PLAIN = "`logtally export`, plain CSV";

	private static final String LOGTALLY_GZIP = "`logtally export`, gzip";

	private static final String SDK_PLAIN = "SDK loop, plain CSV";

	private static final String SDK_GZIP = "SDK loop, gzip";

	private static final String LOGTALLY_ONE = "`logtally export` of one log (start-up)";

	private static final String SDK_ONE = "SDK loop of one log (start-up)";

	/** A logstore of one log in its first hour: what each way costs whatever it reads. */
	private static final String ONE = "one";

	/** {@code java -jar logtally.jar export --job <spec> --from --to --home <fresh>}: a first run of the job. */
	private Run logtally(SlsEmulator emulator, List<String> logstores, int hours, boolean gzip, String name)
			throws IOException {
		Path spec = spec(emulator, logstores, gzip, name);
		List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-11-01T00:00",
				"--to", String.format(Locale.ROOT, "2026-11-01T%02d:00", hours)));
		args.addAll(List.of("--home", this.dir.resolve("home-" + name).toString()));
		int requestsBefore = emulator.requestCount();
		Path output = this.dir.resolve(name + ".out");
		long start = System.nanoTime();
		LogtallyProcess process = LogtallyProcess.startWithOptions(jvmOptions(name), LogtallyProcess.jar(), Map.of(),
				output, args);
		ProcessCpu.WithMemory sampled = ProcessCpu.untilExit(process.pid(), process::isAlive);
		int exit = process.waitFor();
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		assertThat(exit).as(name + " exit code; output:\n" + process.output()).isZero();
		Matcher totals = Pattern.compile("(\\d+) windows?: (\\d+) MATCHED; (\\d+) records written")
			.matcher(process.output());
		assertThat(totals.find()).as("the export's totals; output:\n" + process.output()).isTrue();
		assertThat(totals.group(2)).as("every window MATCHED").isEqualTo(totals.group(1));
		return new Run(name, Long.parseLong(totals.group(3)), wall, sampled.cpu().total(), sampled.peakBytes(),
				emulator.requestCount() - requestsBefore, sampled.cpu().largest(5));
	}

	/**
	 * The spec an operator would write: the source, its logstores, the archive; every other option at its default
	 * except {@code rateLimit}, raised beyond reach (the SDK loop has no rate budget either).
	 */
	private Path spec(SlsEmulator emulator, List<String> logstores, boolean gzip, String name) throws IOException {
		Path credentials = Files.createDirectories(this.dir.resolve("credentials"));
		Files.writeString(credentials.resolve("access-key-id"), ACCESS_KEY_ID);
		Files.writeString(credentials.resolve("access-key-secret"), ACCESS_KEY_SECRET);
		StringBuilder yaml = new StringBuilder("name: bench-" + name + "\nzone: \"+08:00\"\ndestination:\n  path: "
				+ this.dir.resolve(name) + "\n" + (gzip ? "  compression: gzip\n" : "")
				+ "sources:\n  - id: sls\n    type: aliyun-sls\n    endpoint: " + emulator.endpoint() + "\n    project: "
				+ PROJECT + "\n    credentials: {accessKeyId: {file: " + credentials.resolve("access-key-id")
				+ "}, accessKeySecret: {file: " + credentials.resolve("access-key-secret") + "}}\n"
				+ "    rateLimit: 1000000\n    targets:\n");
		logstores.forEach((logstore) -> yaml.append("      - {logstore: ").append(logstore).append("}\n"));
		return Files.writeString(this.dir.resolve(name + ".yaml"), yaml);
	}

	/** {@link SlsSdkLoop} in a JVM of its own, on this JVM's class path (the SDK is a test dependency). */
	private Run sdkLoop(SlsEmulator emulator, List<String> logstores, int hours, boolean gzip, String name)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions(name));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), SlsSdkLoop.class.getName(),
				Integer.toString(emulator.port()), PROJECT, Long.toString(FIRST_HOUR.getEpochSecond()),
				Integer.toString(hours), String.join(",", logstores), this.dir.resolve(name).toString(),
				gzip ? "gzip" : "plain"));
		Path output = this.dir.resolve(name + ".out");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().put("SLS_ACCESS_KEY_ID", ACCESS_KEY_ID);
		builder.environment().put("SLS_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET);
		int requestsBefore = emulator.requestCount();
		long start = System.nanoTime();
		Process process = builder.start();
		ProcessCpu.WithMemory sampled = ProcessCpu.untilExit(process.pid(), process::isAlive);
		int exit = process.waitFor();
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		String text = Files.readString(output);
		assertThat(exit).as(name + " exit code; output:\n" + text).isZero();
		Matcher totals = Pattern.compile("sdk-loop (\\d+) (\\d+)").matcher(text);
		assertThat(totals.find()).as("the SDK loop's totals; output:\n" + text).isTrue();
		int requests = emulator.requestCount() - requestsBefore;
		assertThat(Long.parseLong(totals.group(2))).as("requests the SDK loop made (the sandbox's count)")
			.isEqualTo(requests);
		return new Run(name, Long.parseLong(totals.group(1)), wall, sampled.cpu().total(), sampled.peakBytes(), requests,
				sampled.cpu().largest(5));
	}

	/**
	 * The distinct logs among the SDK loop's lines, by (logstore, second, nanosecond part): no two logs of the dataset
	 * share one.
	 */
	private static long distinctLogs(Path folder, boolean gzip) throws IOException {
		Set<String> seen = new HashSet<>();
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				try (InputStream in = Files.newInputStream(file);
						BufferedReader reader = new BufferedReader(new InputStreamReader(
								gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
					boolean header = true;
					for (CSVRecord record : CSVFormat.DEFAULT.parse(reader)) {
						if (!header) {
							seen.add(file.getParent().getFileName() + " " + record.get(0) + " " + record.get(1));
						}
						header = false;
					}
				}
			}
		}
		return seen.size();
	}

	/**
	 * {@code -Dlogtally.bench.jfr=DIR} records each run with Java Flight Recorder into {@code DIR/<run>.jfr}, and
	 * {@code -Dlogtally.bench.jvm="..."} gives both ways' JVMs further options: how to find where either side's time
	 * goes, and what a JVM option would change. The page's figures are taken without either.
	 */
	private static List<String> jvmOptions(String run) {
		List<String> options = new ArrayList<>();
		String extra = System.getProperty("logtally.bench.jvm", "").strip();
		if (!extra.isEmpty()) {
			options.addAll(List.of(extra.split("\\s+")));
		}
		String jfr = System.getProperty("logtally.bench.jfr");
		if (jfr != null) {
			options.add("-XX:StartFlightRecording=filename=" + Path.of(jfr, run + ".jfr").toAbsolutePath()
					+ ",settings=profile");
		}
		return options;
	}

	private static List<String> logstores() {
		return IntStream.range(0, LOGSTORES).mapToObj((i) -> "store-" + i).toList();
	}

	private static void write(Map<String, List<Run>> runs, long logs, long distinct) throws IOException {
		StringBuilder table = new StringBuilder("""
				| How | logs written | wall | CPU | max RSS | requests |
				|---|---:|---:|---:|---:|---:|
				""");
		runs.forEach((way, each) -> table.append(String.format(Locale.ROOT, "| %s | %,d | %.2f s | %.2f s | %d MB | %,d |%n",
				way, each.get(0).logs(), median(each, Run::seconds), median(each, Run::cpuSeconds),
				Math.round(median(each, Run::megabytes)), Math.round(median(each, Run::requests)))));
		String ratios = String.format(Locale.ROOT, "**logtally / SDK loop: plain CSV %.2f wall, %.2f CPU; gzip %.2f "
				+ "wall, %.2f CPU** (target: at most 1.0 for both).", ratio(runs, LOGTALLY_PLAIN, SDK_PLAIN, Run::seconds),
				ratio(runs, LOGTALLY_PLAIN, SDK_PLAIN, Run::cpuSeconds),
				ratio(runs, LOGTALLY_GZIP, SDK_GZIP, Run::seconds), ratio(runs, LOGTALLY_GZIP, SDK_GZIP, Run::cpuSeconds))
				+ String.format(Locale.ROOT, " Beyond start-up (each way's one-log run taken off), plain CSV: %.2f wall, "
						+ "%.2f CPU; gzip: %.2f wall, %.2f CPU.", beyondStartUp(runs, LOGTALLY_PLAIN, SDK_PLAIN,
								Run::seconds), beyondStartUp(runs, LOGTALLY_PLAIN, SDK_PLAIN, Run::cpuSeconds),
						beyondStartUp(runs, LOGTALLY_GZIP, SDK_GZIP, Run::seconds),
						beyondStartUp(runs, LOGTALLY_GZIP, SDK_GZIP, Run::cpuSeconds));
		StringBuilder each = new StringBuilder();
		runs.forEach((way, measured) -> each.append("- ").append(way).append(": ")
			.append(String.join("; ", measured.stream()
				.map((run) -> String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU (%s), %d MB", run.seconds(),
						run.cpuSeconds(), run.threads(), Math.round(run.megabytes())))
				.toList()))
			.append("\n"));
		BenchmarkPage.write("Against a plain SDK loop (SLS)", BenchmarkPage.machine() + " Load average "
				+ BenchmarkPage.loadAverage()
				+ " at the end: other work shared the machine, so wall times say less than CPU times.\n\n"
				+ LOGSTORES + " logstores x " + HOURS + " hours x " + String.format(Locale.ROOT, "%,d", LOGS_PER_HOUR)
				+ " logs (" + String.format(Locale.ROOT, "%,d", logs) + " in all) in the SLS sandbox, on loopback in "
				+ "the benchmark's JVM, its rate limit off. Exported two ways, each in a fresh JVM with the JVM's "
				+ "default options, interleaved, median of " + RUNS + " runs each after one run of each not counted:\n\n"
				+ "- `java -jar logtally.jar export --job <spec> --from 2026-11-01T00:00 --to 2026-11-01T06:00 --home "
				+ "<fresh>`, a first run of the job with every default (one-hour windows, chunks of 500, 4 windows at "
				+ "once, each window's histogram and its count checked, SHA-256, fsync, manifests, H2 job repository) "
				+ "but `rateLimit`, raised out of reach;\n"
				+ "- the loop a user would write with the official SDK (`aliyun-log` 0.6.151, its default "
				+ "configuration: GetLogsV2, LZ4, its own JSON parser), `SlsSdkLoop` on the test class path: for each "
				+ "logstore and hour, GetLogs pages of 100 by offset until a short page, asked again while Incomplete, "
				+ "one CSV line a log (commons-csv), one file per logstore and hour; nothing counted or checked. The "
				+ "SDK refuses IP endpoints, so it reaches the sandbox as its HTTP proxy.\n\nThe one-log runs read a "
				+ "logstore holding one log for one hour: what each way costs whatever it reads (the JVM, the SDK's "
				+ "client; for logtally also picocli, Spring Boot, the job repository, preflight, publication and "
				+ "manifests), and most of the JIT compiler's work.\n\n" + table + "\n" + ratios
				+ "\n\nRequests: logtally asks each hour for its histogram and then reads each of its buckets in one "
				+ "page (plus one preflight request per target); the SDK loop pages each hour by offset. Both get every "
				+ "log's line, but the SDK loop's lines of its first plain run hold " + String.format(Locale.ROOT,
						"%,d", distinct)
				+ " distinct logs of the " + String.format(Locale.ROOT, "%,d", logs) + ": the sandbox, like SLS, "
				+ "orders logs of the same minute anew on every request, so paging by offset repeats some and misses "
				+ "others, and nothing in the loop can tell.\n\nEach run, in order, with where its CPU time went by "
				+ "group of threads (`C CompilerThread` is the JIT compiler, `window-` logtally's partitions, `java` "
				+ "the main thread, where the SDK loop does all its work):\n\n" + each);
	}

	private static double ratio(Map<String, List<Run>> runs, String logtally, String sdk, ToDoubleFunction<Run> figure) {
		return median(runs.get(logtally), figure) / median(runs.get(sdk), figure);
	}

	/** The ratio of what each way costs beyond its one-log run. */
	private static double beyondStartUp(Map<String, List<Run>> runs, String logtally, String sdk,
			ToDoubleFunction<Run> figure) {
		return (median(runs.get(logtally), figure) - median(runs.get(LOGTALLY_ONE), figure))
				/ (median(runs.get(sdk), figure) - median(runs.get(SDK_ONE), figure));
	}



	/**
	 * One process: the logs it wrote, its wall and CPU time, its peak resident memory, the requests it made.
	 * @param threads where its CPU time went, the largest groups of threads first
	 */
	private record Run(String name, long logs, Duration wall, Duration cpu, long peakBytes, int requests,
			String threads) {

		double seconds() {
			return this.wall.toNanos() / 1e9;
		}

		double cpuSeconds() {
			return this.cpu.toMillis() / 1000.0;
		}

		double megabytes() {
			return this.peakBytes / (1024.0 * 1024.0);
		}

	}

}
