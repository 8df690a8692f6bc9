package dev.logtally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.logtally.testing.LogtallyProcess;

/**
 * A child process's CPU time, in all and by group of threads, as Linux's {@code /proc} last showed it before the
 * process exited (a child's CPU time cannot be read once it is gone). Threads are grouped by name without digits:
 * "C2 CompilerThread0" and "C1 CompilerThread1" are the JIT, "window-3" a partition, "publish-1" publication.
 * @param total user and system time of the whole process
 * @param byThreads user and system time per group of threads
 */
record ProcessCpu(Duration total, Map<String, Duration> byThreads) {

	/** USER_HZ: the unit of {@code /proc/<pid>/stat} times on Linux. */
	private static final long MILLIS_PER_TICK = 10;

	private static final long SAMPLE_EVERY_MILLIS = 20;

	/** Samples the process until it exits. */
	static ProcessCpu untilExit(LogtallyProcess process) {
		Sampler sampler = new Sampler(process.pid());
		while (process.isAlive() && sampler.sample()) {
			try {
				Thread.sleep(SAMPLE_EVERY_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return sampler.last();
	}

	/**
	 * A process's CPU time and its peak resident memory ({@code VmHWM}), sampled together until it exits.
	 * @param cpu its CPU time as last read
	 * @param peakBytes the most memory it held resident
	 */
	record WithMemory(ProcessCpu cpu, long peakBytes) {
	}

	/** Samples the process's CPU time and resident memory every 20 ms until it exits. */
	static WithMemory untilExit(long pid, BooleanSupplier alive) {
		Sampler cpu = new Sampler(pid);
		ResidentMemory memory = new ResidentMemory(pid);
		while (alive.getAsBoolean() && cpu.sample()) {
			memory.sample();
			try {
				Thread.sleep(SAMPLE_EVERY_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return new WithMemory(cpu.last(), memory.peakBytes());
	}

	/**
	 * The CPU time of the threads this process had both at {@code before} and now, by group, and of all others together
	 * as {@code threads that ended} (the process's time less those): two readings of {@code /proc}, no sampling in
	 * between, so nothing is added to what is measured. The export's window and publication threads live only while
	 * they work, so they are counted in the last group.
	 * @param before {@link Sampler#last()} when the span began
	 * @param after {@link Sampler#last()} when it ended
	 */
	static ProcessCpu between(Sampler.Reading before, Sampler.Reading after) {
		Map<String, Duration> byThreads = new TreeMap<>();
		Duration lasting = Duration.ZERO;
		for (Map.Entry<String, ThreadTicks> thread : after.threads().entrySet()) {
			ThreadTicks earlier = before.threads().get(thread.getKey());
			if (earlier != null) {
				Duration spent = Duration.ofMillis((thread.getValue().ticks() - earlier.ticks()) * MILLIS_PER_TICK);
				byThreads.merge(thread.getValue().group(), spent, Duration::plus);
				lasting = lasting.plus(spent);
			}
		}
		Duration total = Duration.ofMillis((after.total() - before.total()) * MILLIS_PER_TICK);
		byThreads.put("threads that ended", total.minus(lasting));
		return new ProcessCpu(total, byThreads);
	}

	/**
	 * Reads a process's CPU time from {@code /proc}, keeping each thread's last figure: a thread that ended keeps the
	 * time it had at the last sample, so sample often (every {@value #SAMPLE_EVERY_MILLIS} ms).
	 */
	static final class Sampler {

		private final Path proc;

		private final Map<String, ThreadTicks> threads = new HashMap<>();

		private long total;

		Sampler(long pid) {
			this.proc = Path.of("/proc", Long.toString(pid));
		}

		/** @return whether the process could still be read */
		synchronized boolean sample() {
			try {
				this.total = ticks(Files.readString(this.proc.resolve("stat")));
			}
			catch (IOException | RuntimeException ex) {
				return false; // the process has just exited
			}
			try (Stream<Path> tasks = Files.list(this.proc.resolve("task"))) {
				for (Path task : tasks.toList()) {
					try {
						String stat = Files.readString(task.resolve("stat"));
						this.threads.put(task.getFileName().toString(), new ThreadTicks(name(stat), ticks(stat)));
					}
					catch (IOException | RuntimeException ex) {
						// this thread has just ended: its last sample stands
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
			return true;
		}

		/** The times as last sampled. */
		synchronized ProcessCpu last() {
			Map<String, Duration> byThreads = this.threads.values()
				.stream()
				.collect(Collectors.groupingBy(ThreadTicks::group, TreeMap::new, Collectors.reducing(Duration.ZERO,
						(thread) -> Duration.ofMillis(thread.ticks() * MILLIS_PER_TICK), Duration::plus)));
			return new ProcessCpu(Duration.ofMillis(this.total * MILLIS_PER_TICK), byThreads);
		}

		/** One reading of the process, thread by thread. */
		record Reading(long total, Map<String, ThreadTicks> threads) {
		}

		/** Reads the process now. */
		synchronized Reading read() {
			sample();
			return new Reading(this.total, Map.copyOf(this.threads));
		}

	}

	/** The groups that take the most, largest first, as "name 1.2 s". */
	String largest(int groups) {
		List<String> largest = this.byThreads.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
			.limit(groups)
			.map((group) -> String.format(Locale.ROOT, "%s %.1f s", group.getKey(),
					group.getValue().toMillis() / 1000.0))
			.toList();
		return String.join(", ", largest);
	}

	private record ThreadTicks(String group, long ticks) {
	}

	/** The thread's name from {@code stat}, without digits and trailing spaces (names are cut at 15 characters). */
	private static String name(String stat) {
		return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "").strip();
	}

	/** utime + stime: fields 14 and 15 of proc(5), the 12th and 13th after the name. */
	private static long ticks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
