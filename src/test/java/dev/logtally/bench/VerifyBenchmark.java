package dev.logtally.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.S3TestBucket;
import dev.logtally.testing.SyntheticArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally verify} as operators run it ({@code java -jar}, default JVM options, 256 MB heap), on archives made
 * by {@link SyntheticArchive}: 10,000 small objects on the local disk and through S3 (S3Mock on loopback), and one
 * 2 GB object on the local disk, against the disk's own sequential read rate. Each figure is the median of several
 * runs, each a fresh JVM; "before" is {@code --parallel 1}, which reads objects one by one in the same order as the
 * verifier did before reads were parallel. Start-up is measured apart (verify of a two-window archive) and taken off
 * the rates, which are of verify's own work.
 */
class VerifyBenchmark {

	@RegisterExtension
	static final S3MockExtension S3 = S3TestBucket.server();

	private static final Map<String, String> ENVIRONMENT = Map.of("AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY",
			"bench", "AWS_REGION", "us-east-1");

	private static final int SMALL_WINDOWS = 5_000;

	private static final int RUNS = 3;

	private static final long LARGE = 2L * 1024 * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void tenThousandSmallObjectsOnTheLocalDisk() throws Exception {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, SMALL_WINDOWS, 5, 10);
		long bytes = size(root);
		Measured startUp = startUp();
		List<String> rows = new ArrayList<>();
		for (String parallel : List.of("1", "2", "4", "8")) {
			Measured measured = median(parallel, List.of("verify", root.toString(), "--parallel", parallel),
					written.objects());
			rows.add(measured.row(parallel, written.objects(), bytes, startUp));
		}
		BenchmarkPage.write("Verify: 10,000 small objects, local disk", BenchmarkPage.machine() + "\n\n"
				+ written.objects() + " objects (" + SMALL_WINDOWS + " hour windows of 5 hostile CSV records each and "
				+ "their window manifests, 10 run manifests), " + mb(bytes) + " MB, in the page cache (as after an "
				+ "export). " + load() + "\n\n" + table(rows) + "\n" + startUp.line());
	}

	@Test
	void oneTwoGigabyteObjectOnTheLocalDisk() throws Exception {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.oneLargeFile(root, LARGE);
		Path file = root.resolve(written.dataKeys().get(1));
		Measured startUp = startUp();
		boolean dropped = dropCaches();
		double coldDisk = dd(file);
		dropCaches();
		Measured cold = measure("cold", List.of("verify", root.toString()), written.objects());
		double warmDisk = dd(file);
		Measured warm = median("warm", List.of("verify", root.toString()), written.objects());
		Measured before = median("before", List.of("verify", root.toString(), "--parallel", "1"), written.objects());
		List<String> rows = new ArrayList<>();
		if (dropped) {
			rows.add(cold.row("default, page cache dropped", written.objects(), LARGE, startUp) + " "
					+ percent(rate(LARGE, cold, startUp), coldDisk) + " of " + String.format(Locale.ROOT, "%.0f",
							coldDisk) + " MB/s |");
		}
		rows.add(warm.row("default, cached", written.objects(), LARGE, startUp) + " "
				+ percent(rate(LARGE, warm, startUp), warmDisk) + " of " + String.format(Locale.ROOT, "%.0f", warmDisk)
				+ " MB/s |");
		rows.add(before.row("1, cached", written.objects(), LARGE, startUp) + " "
				+ percent(rate(LARGE, before, startUp), warmDisk) + " of " + String.format(Locale.ROOT, "%.0f",
						warmDisk) + " MB/s |");
		BenchmarkPage.write("Verify: one 2 GB object, local disk", BenchmarkPage.machine() + "\n\n"
				+ "One window that archived a 2 GiB text file whole (as an RDS audit log), beside its small data object, "
				+ "window manifest and run manifest. The disk's sequential read rate is `dd if=<the 2 GB file> "
				+ "of=/dev/null bs=8M` on the same file, "
				+ (dropped ? "once after `echo 3 > /proc/sys/vm/drop_caches` (cold) and once cached"
						: "cached only (dropping the page cache was refused here)")
				+ "; verify's rate is the file's size over its wall time less start-up. " + load() + "\n\n"
				+ table(rows, "of dd's rate")
				+ "\n" + startUp.line()
				+ " One object is hashed by one thread: SHA-256 is sequential, so parallel reads cannot speed it up; "
				+ "the bound is one core's SHA-256 (the JDK uses the CPU's SHA extensions where it has them). Before "
				+ "reads of up to 1 MB (64 KB reads), the same file verified at 244 MB/s with the page cache dropped "
				+ "and 550-978 MB/s cached (2026-12-07, load 6-7).");
	}

	@Test
	void tenThousandSmallObjectsThroughS3() throws Exception {
		Path root = this.dir.resolve("archive");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, SMALL_WINDOWS, 5, 10);
		long bytes = size(root);
		try (S3TestBucket bucket = new S3TestBucket(S3)) {
			long uploading = System.nanoTime();
			ExecutorService uploads = Executors.newFixedThreadPool(8);
			try (Stream<Path> files = Files.walk(root)) {
				List<Future<?>> puts = new ArrayList<>();
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					String key = "verify-bench/" + root.relativize(file).toString().replace('\\', '/');
					puts.add(uploads.submit(() -> bucket.client()
						.putObject((request) -> request.bucket(S3TestBucket.BUCKET).key(key), RequestBody.fromFile(file))));
				}
				for (Future<?> put : puts) {
					put.get();
				}
			}
			finally {
				uploads.shutdownNow();
			}
			Duration uploaded = Duration.ofNanos(System.nanoTime() - uploading);
			String archive = "s3://" + S3TestBucket.BUCKET + "/verify-bench";
			Measured startUp = startUp();
			List<String> rows = new ArrayList<>();
			// S3Mock answers a few dozen requests a second here, taking a core: one run of each.
			for (String parallel : List.of("1", "8")) {
				int runs = 1;
				Measured measured = median("s3-" + parallel, List.of("verify", archive, "--endpoint",
						bucket.endpoint().toString(), "--parallel", parallel), written.objects(), runs);
				rows.add(measured.row(parallel + (runs == 1 ? " (one run)" : ""), written.objects(), bytes, startUp));
			}
			BenchmarkPage.write("Verify: 10,000 small objects, S3 (S3Mock)", BenchmarkPage.machine() + "\n\n"
					+ "The archive of \"Verify: 10,000 small objects, local disk\" (" + written.objects() + " objects, "
					+ mb(bytes) + " MB) uploaded to S3Mock on loopback (in the benchmark's JVM, so it shares the two "
					+ "cores with verify: a real S3's latency is higher and its CPU elsewhere, so more reads at once "
					+ "help more there than here); uploading took " + uploaded.toSeconds() + " s. " + load() + "\n\n"
					+ table(rows) + "\n" + startUp.line());
		}
	}

	/**
	 * One run of the jar.
	 * @param wall from start to exit, start-up included
	 * @param cpu the process's user and system time
	 */
	private record Measured(Duration wall, Duration cpu, long peakRss) {

		String row(String parallel, int objects, long bytes, Measured startUp) {
			double seconds = Math.max(0.001, (this.wall.toMillis() - startUp.wall.toMillis()) / 1000.0);
			return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.0f | %.1f | %d MB |", parallel,
					this.wall.toMillis() / 1000.0, this.cpu.toMillis() / 1000.0, objects / seconds,
					bytes / 1e6 / seconds, this.peakRss / (1024 * 1024));
		}

		String line() {
			return String.format(Locale.ROOT, "Start-up (verify of a two-window archive, taken off the rates): %.2f s "
					+ "wall, %.2f s CPU, %d MB max RSS.", this.wall.toMillis() / 1000.0, this.cpu.toMillis() / 1000.0,
					this.peakRss / (1024 * 1024));
		}

	}

	private static String table(List<String> rows) {
		return "| --parallel | wall (median) | CPU | objects/s | MB/s | max RSS |\n|---|---:|---:|---:|---:|---:|\n"
				+ String.join("\n", rows) + "\n";
	}

	private static String table(List<String> rows, String column) {
		return "| --parallel | wall (median) | CPU | objects/s | MB/s | max RSS | " + column
				+ " |\n|---|---:|---:|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n";
	}

	private Measured startUp() throws IOException {
		Path root = this.dir.resolve("tiny");
		SyntheticArchive.Written written = SyntheticArchive.smallObjects(root, 2, 1, 1);
		return median("start-up", List.of("verify", root.toString()), written.objects());
	}

	/** The run of median wall time of {@link #RUNS}. */
	private Measured median(String name, List<String> args, int objects) throws IOException {
		return median(name, args, objects, RUNS);
	}

	private Measured median(String name, List<String> args, int objects, int count) throws IOException {
		List<Measured> runs = new ArrayList<>();
		for (int run = 0; run < count; run++) {
			runs.add(measure(name + "-" + run, args, objects));
		}
		runs.sort(Comparator.comparing(Measured::wall));
		return runs.get(count / 2);
	}

	private Measured measure(String name, List<String> args, int objects) throws IOException {
		long started = System.nanoTime();
		LogtallyProcess process = LogtallyProcess.startAsShipped(LogtallyProcess.jar(), "256m", ENVIRONMENT,
				this.dir.resolve(name + ".out"), args);
		ProcessCpu.WithMemory sampled = ProcessCpu.untilExit(process.pid(), process::isAlive);
		int exit = process.waitFor();
		Duration wall = Duration.ofNanos(System.nanoTime() - started);
		assertThat(exit).as(process.output()).isZero();
		assertThat(process.output()).contains(objects + " objects, ").contains(": intact");
		return new Measured(wall, sampled.cpu().total(), sampled.peakBytes());
	}

	/** @return whether the kernel dropped its page cache (as root, outside a container that forbids it) */
	private static boolean dropCaches() {
		try {
			new ProcessBuilder("sync").inheritIO().start().waitFor(60, TimeUnit.SECONDS);
			Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The file's sequential read rate through {@code dd}, MB/s. */
	private static double dd(Path file) throws IOException, InterruptedException {
		long started = System.nanoTime();
		Process dd = new ProcessBuilder("dd", "if=" + file, "of=/dev/null", "bs=8M").redirectErrorStream(true).start();
		String output = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(dd.waitFor()).as(output).isZero();
		double seconds = (System.nanoTime() - started) / 1e9;
		return Files.size(file) / 1e6 / seconds;
	}

	private static double rate(long bytes, Measured measured, Measured startUp) {
		double seconds = Math.max(0.001, (measured.wall().toMillis() - startUp.wall().toMillis()) / 1000.0);
		return bytes / 1e6 / seconds;
	}

	private static String percent(double rate, double of) {
		return String.format(Locale.ROOT, "%.0f%%", 100 * rate / of);
	}

	private static String load() throws IOException {
		String[] average = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return "Load average at the end (1, 5, 15 min), the machine shared with other builds: " + average[0] + ", "
				+ average[1] + ", " + average[2] + ".";
	}

	private static long size(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	private static String mb(long bytes) {
		return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
	}

}
