package dev.logtally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses of a JVM's unified GC log ({@code -Xlog:gc:file=<path>:uptime}): when each happened, what kind it was and
 * the heap in use before and after it. What the JVM itself says about its heap, so a benchmark needs no agent inside
 * the process.
 */
record GcLog(List<Pause> pauses) {

	/**
	 * {@code [12.345s] GC(17) Pause Young (Normal) (G1 Evacuation Pause) 150M->31M(256M) 3.456ms}, and the same shape
	 * for the remark, cleanup and full pauses of every collector. Concurrent phases carry no heap figures.
	 */
	private static final Pattern PAUSE = Pattern.compile(
			"^\\[(\\d+[.,]\\d+)s\\] GC\\(\\d+\\) Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

	GcLog {
		pauses = List.copyOf(pauses);
	}

	/**
	 * One pause.
	 * @param uptime seconds since the JVM started
	 * @param kind the word after {@code Pause}: {@code Young} (G1's mixed collections included), {@code Full},
	 *     {@code Remark}, {@code Cleanup}
	 * @param committedBytes the heap the JVM had reserved from the system at the time, in parentheses in the log
	 */
	record Pause(double uptime, String kind, long beforeBytes, long afterBytes, long committedBytes) {

		/**
		 * Whether the pause collected the young generation or the whole heap. G1's remark and cleanup pauses do not,
		 * so what they leave still includes all of eden.
		 */
		boolean collects() {
			return "Young".equals(this.kind) || "Full".equals(this.kind);
		}

		/** Whether the pause collected the whole heap: what it leaves is the live heap. */
		boolean full() {
			return "Full".equals(this.kind);
		}

	}

	static GcLog read(Path file) throws IOException {
		return parse(Files.readAllLines(file));
	}

	static GcLog parse(List<String> lines) {
		List<Pause> pauses = new ArrayList<>();
		for (String line : lines) {
			Matcher pause = PAUSE.matcher(line);
			if (pause.find()) {
				pauses.add(new Pause(Double.parseDouble(pause.group(1).replace(',', '.')), pause.group(2),
						bytes(pause.group(3), pause.group(4)), bytes(pause.group(5), pause.group(6)),
						bytes(pause.group(7), pause.group(8))));
			}
		}
		return new GcLog(pauses);
	}

	/** The most heap in use at any pause: the largest figure before one. */
	long peakBytes() {
		return this.pauses.stream().mapToLong(Pause::beforeBytes).max().orElse(0);
	}

	/**
	 * The largest heap left after a pause of the given kind in each of {@code parts} equal parts of {@code [0, span)}
	 * seconds of uptime (a pause at or after the span counts in the last part); empty for a part without one.
	 */
	List<OptionalLong> maxAfterPerPart(double span, int parts, Predicate<Pause> which) {
		long[] max = new long[parts];
		boolean[] seen = new boolean[parts];
		for (Pause pause : this.pauses) {
			if (!which.test(pause)) {
				continue;
			}
			int part = (int) Math.min(parts - 1, Math.max(0, Math.floor(pause.uptime() / span * parts)));
			max[part] = seen[part] ? Math.max(max[part], pause.afterBytes()) : pause.afterBytes();
			seen[part] = true;
		}
		List<OptionalLong> curve = new ArrayList<>(parts);
		for (int i = 0; i < parts; i++) {
			curve.add(seen[i] ? OptionalLong.of(max[i]) : OptionalLong.empty());
		}
		return curve;
	}

	private static long bytes(String number, String unit) {
		long value = Long.parseLong(number);
		return switch (unit) {
			case "K" -> value << 10;
			case "M" -> value << 20;
			default -> value << 30;
		};
	}

}
