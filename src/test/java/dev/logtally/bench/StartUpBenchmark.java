package dev.logtally.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.logtally.sandbox.DemoSandbox;
import dev.logtally.testing.LogtallyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static dev.logtally.bench.BenchmarkPage.median;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up (issue 29, target 1): the one-hour export of the sandbox job as operators run it, {@code java -jar} in a
 * fresh JVM with the JVM's default options, five times each, the sandbox in this JVM. Three ways to run the same jar:
 * as shipped; extracted ({@code -Djarmode=tools extract}: its libraries as plain jars on the class path); extracted with
 * an application class-data sharing archive made by one training run of the same export
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}), which is what the Docker image does. Each
 * also times {@code --help} and {@code verify} of the demo archive.
 *
 * <p>Where the time goes: the job's own log gives when the job repository opens, the job is launched, the windows and
 * publication end; one more run of the shipped jar with {@code -Xlog:class+load} (not counted in the medians) splits
 * the time before the application by the first use of the classes of each step. The sources' request counts
 * ({@code <home>/metrics}) against the spec's rate limits give the least time the rate budgets allow, which no start-up
 * work can shorten.
 */
class StartUpBenchmark {

	private static final int RUNS = 5;

	private static final List<String> ONE_HOUR = List.of("--from", "2026-11-01T00:00", "--to", "2026-11-01T01:00");

	/** The spacing of a rate budget, per request, over {@code 1/rate} ({@code RateBudget.MARGIN}). */
	private static final double BUDGET_SPACING = 1.02;

	/** The classes whose first load marks the end of each step before the application, in order, with the step's name. */
	private static final Map<String, String> CLASS_MARKS = marks();

	@TempDir
	Path dir;

	@Test
	void aOneHourSandboxExportInAFreshJvm() throws Exception {
		Path jar = LogtallyProcess.jar();
		Path demo = demoArchive(jar);
		try (DemoSandbox sandbox = DemoSandbox.start(this.dir.resolve("sandbox"), "sandbox-job.yaml", 0, 5)) {
			Path extracted = ClassDataSharing.extract(jar, this.dir.resolve("extracted"));
			Path classes = train(extracted, sandbox);
			List<Variant> variants = List.of(new Variant("as shipped: `java -jar logtally.jar`", List.of(), jar),
					new Variant("extracted: `java -jar extracted/logtally.jar`", List.of(), extracted),
					new Variant("extracted, with the CDS archive: `java -XX:SharedArchiveFile=logtally.jsa -jar "
							+ "extracted/logtally.jar`", ClassDataSharing.using(classes), extracted));
			Map<Variant, Figures> figures = new LinkedHashMap<>();
			for (Variant variant : variants) {
				figures.put(variant, measure(variant, sandbox, demo));
			}
			Steps before = beforeTheApplication(jar, sandbox);
			List<Run> shipped = figures.get(variants.get(0)).exports();
			write(figures, before, rateFloors(sandbox, shipped.get(shipped.size() - 1)), Files.size(classes),
					BenchmarkPage.loadAverage());
		}
	}

	/** Five exports, {@code --help} and {@code verify} runs of one way to run the jar, one after the other. */
	private Figures measure(Variant variant, DemoSandbox sandbox, Path demo) throws IOException {
		List<Run> exports = new ArrayList<>();
		List<Run> helps = new ArrayList<>();
		List<Run> verifies = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			exports.add(export(variant, sandbox, List.of()));
			helps.add(run(variant, List.of("--help"), "help"));
			Run verify = run(variant, List.of("verify", demo.toString()), "verify");
			assertThat(verify.output()).as("verify of the demo archive").contains(": intact");
			verifies.add(verify);
		}
		return new Figures(exports, helps, verifies);
	}

	/** The one-hour export with a fresh home and archive, as a first run of the job. */
	private Run export(Variant variant, DemoSandbox sandbox, List<String> extraOptions) throws IOException {
		Path home = fresh("home");
		deleteTree(sandbox.spec().resolveSibling("archive"));
		List<String> args = new ArrayList<>(List.of("export", "--job", sandbox.spec().toString()));
		args.addAll(ONE_HOUR);
		args.addAll(List.of("--home", home.toString()));
		Run run = run(new Variant(variant.name(), concat(variant.options(), extraOptions), variant.jar()), args,
				"export");
		Matcher totals = Pattern.compile("(\\d+) windows: (\\d+) MATCHED; (\\d+) records written").matcher(run.output());
		assertThat(totals.find()).as("the export's totals; output:\n" + run.output()).isTrue();
		assertThat(totals.group(2)).as("every window MATCHED").isEqualTo(totals.group(1));
		return run.withHome(home);
	}

	/** Runs the jar once, sampling its CPU time and resident memory until it exits; it must exit 0. */
	private Run run(Variant variant, List<String> args, String name) throws IOException {
		Path output = fresh(name).resolveSibling(name + "-" + System.nanoTime() + ".out");
		Instant started = Instant.now();
		long start = System.nanoTime();
		LogtallyProcess process = LogtallyProcess.startWithOptions(variant.options(), variant.jar(), Map.of(), output,
				args);
		ProcessCpu.WithMemory sampled = ProcessCpu.untilExit(process.pid(), process::isAlive);
		int exit = process.waitFor();
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		assertThat(exit).as(name + " exit code; output:\n" + process.output()).isZero();
		return new Run(started, wall, sampled.cpu().total(), sampled.peakBytes(), process.output(), null);
	}

	/** The demo's archive (three days of every sandbox source), made once by {@code logtally demo}. */
	private Path demoArchive(Path jar) throws IOException {
		Path demo = this.dir.resolve("demo");
		run(new Variant("demo", List.of(), jar), List.of("demo", "--dir", demo.toString()), "demo");
		return demo.resolve("archive");
	}

	/** One training run of the export that writes the class-data sharing archive when its JVM exits. */
	private Path train(Path extracted, DemoSandbox sandbox) throws IOException {
		Path classes = this.dir.resolve("logtally.jsa");
		export(new Variant("training", List.of(), extracted), sandbox, ClassDataSharing.training(classes));
		assertThat(classes).as("the CDS archive").isRegularFile();
		return classes;
	}

	/**
	 * One more export of the shipped jar, logging class loads: the steps before the application, each ending when its
	 * first class is loaded, in seconds of the JVM's uptime.
	 */
	private Steps beforeTheApplication(Path jar, DemoSandbox sandbox) throws IOException {
		Path classLog = this.dir.resolve("class-load.log");
		export(new Variant("class loads", List.of(), jar), sandbox,
				List.of("-Xlog:class+load:file=" + classLog + ":uptime"));
		Map<String, Double> firstLoads = new LinkedHashMap<>();
		Pattern line = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) ");
		try (Stream<String> lines = Files.lines(classLog)) {
			lines.forEach((text) -> {
				Matcher matcher = line.matcher(text);
				if (matcher.find() && CLASS_MARKS.containsKey(matcher.group(2))) {
					firstLoads.putIfAbsent(matcher.group(2), Double.parseDouble(matcher.group(1)));
				}
			});
		}
		List<String> steps = new ArrayList<>();
		double previous = 0;
		for (Map.Entry<String, String> mark : CLASS_MARKS.entrySet()) {
			Double at = firstLoads.get(mark.getKey());
			if (at != null) {
				steps.add(String.format(Locale.ROOT, "%s %.2f s", mark.getValue(), at - previous));
				previous = at;
			}
		}
		try (Stream<String> lines = Files.lines(classLog)) {
			return new Steps(steps, lines.count());
		}
	}

	private static Map<String, String> marks() {
		Map<String, String> marks = new LinkedHashMap<>();
		marks.put("dev.logtally.cli.LogtallyCli", "JVM and the Spring Boot launcher");
		// Picocli makes every command (and each job command's fields) before it parses; the spec is read next.
		marks.put("dev.logtally.source.SourceKinds", "command line (picocli makes every command, then parses)");
		marks.put("dev.logtally.source.SourcePreflight", "spec, credentials, archive, source clients");
		marks.put("org.springframework.boot.builder.SpringApplicationBuilder",
				"preflight (one request per target, destination, home)");
		marks.put("org.flywaydb.core.Flyway", "Spring context up to the job repository");
		return marks;
	}

	/**
	 * For each source, the least time its rate budget lets its requests take, {@code (requests - 1) x spacing}: the
	 * requests of an export ({@code <home>/metrics/demo.prom}) at the spec's {@code rateLimit}.
	 */
	private static List<String> rateFloors(DemoSandbox sandbox, Run export) throws IOException {
		String metrics = Files.readString(export.home().resolve("metrics").resolve("demo.prom"));
		JsonNode spec = new YAMLMapper().readTree(sandbox.spec().toFile());
		List<String> floors = new ArrayList<>();
		for (JsonNode source : spec.get("sources")) {
			String id = source.get("id").asString();
			double rate = source.get("rateLimit").asDouble();
			Matcher requests = Pattern
				.compile("logtally_requests_total\\{logtally_job=\"demo\",source=\"" + Pattern.quote(id) + "\"\\} ([0-9.]+)")
				.matcher(metrics);
			if (requests.find()) {
				long count = (long) Double.parseDouble(requests.group(1));
				floors.add(String.format(Locale.ROOT, "%s %d requests at %s/s: %.2f s", id, count,
						source.get("rateLimit").asString(), Math.max(0, count - 1) * BUDGET_SPACING / rate));
			}
		}
		return floors;
	}

	private void write(Map<Variant, Figures> figures, Steps before, List<String> floors, long archiveBytes, String load)
			throws IOException {
		StringBuilder table = new StringBuilder("""
				| How the jar runs | export: wall | CPU | max RSS | `--help`: wall | CPU | `verify` (demo archive): wall | CPU |
				|---|---:|---:|---:|---:|---:|---:|---:|
				""");
		figures.forEach((variant, measured) -> table.append(String.format(Locale.ROOT,
				"| %s | %.2f s | %.2f s | %d MB | %.2f s | %.2f s | %.2f s | %.2f s |%n", variant.name(),
				median(measured.exports(), Run::seconds), median(measured.exports(), Run::cpuSeconds),
				Math.round(median(measured.exports(), Run::megabytes)), median(measured.helps(), Run::seconds),
				median(measured.helps(), Run::cpuSeconds), median(measured.verifies(), Run::seconds),
				median(measured.verifies(), Run::cpuSeconds))));
		StringBuilder phases = new StringBuilder("""
				| How the jar runs | to the job repository | repository, rest of the context, launch | windows | publication | reports, exit |
				|---|---:|---:|---:|---:|---:|
				""");
		figures.forEach((variant, measured) -> {
			List<Phases> each = measured.exports().stream().map(Run::phases).toList();
			phases.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s |%n",
					variant.name(), median(each, Phases::toRepository), median(each, Phases::toLaunch),
					median(each, Phases::windows), median(each, Phases::publication), median(each, Phases::after)));
		});
		BenchmarkPage.write("Start-up (one-hour sandbox export, fresh JVM)", BenchmarkPage.machine() + " Load average "
				+ load + " at the end: with other work on the machine, wall times are high; CPU times say more.\n\n"
				+ "`logtally export --job sandbox-job.yaml --from 2026-11-01T00:00 --to 2026-11-01T01:00 --home <fresh>`"
				+ " against `logtally sandbox` (six sources, 8 targets, one-hour windows), each run a first run of the job"
				+ " (new H2 job repository, empty archive); the JVM's default options; median of " + RUNS
				+ " runs each. `--help` and `verify` of the `logtally demo` archive in the same JVMs' ways. Target: "
				+ "<= 3.0 s wall as `java -jar`.\n\n" + table
				+ "\nWhere the export's time goes (from the job's log; medians):\n\n" + phases
				+ "\nBefore the job repository, as shipped (one run with `-Xlog:class+load`, " + before.classes()
				+ " classes loaded, not in the medians; each step ends at the first load of its class): "
				+ String.join("; ", before.steps()) + ".\n\n"
				+ "The rate budgets alone (each source's requests in the run, spaced at its `rateLimit`, preflight "
				+ "included): " + String.join("; ", floors) + ". The slowest of them is a floor on the whole command"
				+ " that no start-up work shortens.\n\n"
				+ "The CDS archive: " + archiveBytes / (1024 * 1024) + " MB, written by one training run of the same "
				+ "export (`-XX:ArchiveClassesAtExit`); it only serves the extracted jar it was made with, on the same "
				+ "JDK build.\n");
	}



	private Path fresh(String name) throws IOException {
		Path folder = this.dir.resolve("runs").resolve(name + "-" + System.nanoTime());
		Files.createDirectories(folder.getParent());
		return folder;
	}

	private static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	/** One way to run the jar: JVM options and which jar. */
	private record Variant(String name, List<String> options, Path jar) {
	}

	private record Figures(List<Run> exports, List<Run> helps, List<Run> verifies) {
	}

	/** The steps before the application, as "name 0.12 s", and how many classes the run loaded. */
	private record Steps(List<String> steps, long classes) {
	}

	/** One process: when it started, its wall and CPU time, its peak resident memory, its output, its home. */
	private record Run(Instant started, Duration wall, Duration cpu, long peakBytes, String output, Path home) {

		Run withHome(Path folder) {
			return new Run(this.started, this.wall, this.cpu, this.peakBytes, this.output, folder);
		}

		double seconds() {
			return this.wall.toNanos() / 1e9;
		}

		double cpuSeconds() {
			return this.cpu.toMillis() / 1000.0;
		}

		double megabytes() {
			return this.peakBytes / (1024.0 * 1024.0);
		}

		/** The export's phases from its log file, in seconds since the process started. */
		Phases phases() {
			List<String> log;
			try {
				log = Files.readAllLines(this.home.resolve("logs").resolve("logtally.log"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			double repository = at(log, "FlywayExecutor Database:");
			double launched = at(log, "] launched with");
			double windows = at(log, "Step: [exportWindows] executed");
			double published = at(log, "Step: [publishWindows] executed");
			double end = seconds();
			return new Phases(repository, launched - repository, windows - launched, published - windows,
					end - published);
		}

		private double at(List<String> log, String text) {
			Optional<String> line = log.stream().filter((entry) -> entry.contains(text)).findFirst();
			assertThat(line).as("a log line with \"" + text + "\"").isPresent();
			Instant when = OffsetDateTime.parse(line.get().substring(0, line.get().indexOf(' '))).toInstant();
			return Duration.between(this.started, when).toNanos() / 1e9;
		}

	}

	/** Seconds of each phase of an export. */
	private record Phases(double toRepository, double toLaunch, double windows, double publication, double after) {
	}

}
