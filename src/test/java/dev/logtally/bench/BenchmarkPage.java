package dev.logtally.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code docs/BENCHMARKS.md} (or {@code target/BENCHMARKS.md} outside the {@code bench} profile): each benchmark
 * replaces its own section, headed by its title, and keeps the others.
 */
final class BenchmarkPage {

	private BenchmarkPage() {
	}

	/** The machine, JDK and date a figure was measured on. */
	static String machine() {
		return "Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + Runtime.getRuntime().availableProcessors()
				+ " cores, " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
				+ ManagementFactory.getOperatingSystemMXBean().getName() + ". Command: `mvn -B -Pbench verify`.";
	}

	/** The load average (1, 5 and 15 minutes) now: on a shared machine, what the figures were measured under. */
	static String load() {
		return "Load average " + loadAverage() + " at the end.";
	}

	/** The load average as {@code 1-minute, 5-minute, 15-minute}, or {@code unknown}. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** The median of a figure of some runs (the upper one of an even count), or NaN for none. */
	static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
		double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
		return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
	}

	static void write(String title, String body) throws IOException {
		Path page = Path.of(System.getProperty("logtally.benchmarks", "target/BENCHMARKS.md"));
		String heading = "## " + title;
		String existing = Files.exists(page) ? Files.readString(page) : "# Benchmarks\n";
		int from = existing.indexOf(heading);
		if (from >= 0) {
			int next = existing.indexOf("\n## ", from + heading.length());
			existing = existing.substring(0, from) + (next < 0 ? "" : existing.substring(next + 1));
		}
		Files.createDirectories(page.toAbsolutePath().getParent());
		Files.writeString(page, existing.stripTrailing() + "\n\n" + heading + "\n\n" + body.strip() + "\n");
	}

}
