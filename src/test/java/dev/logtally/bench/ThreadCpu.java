package dev.logtally.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CPU time of this JVM's live threads, by thread, at one moment ({@link ThreadMXBean}, in nanoseconds): for the
 * part of the benchmark JVM's CPU that is one piece of work's own, when the sandbox answering it runs in the same JVM.
 * Unlike {@code /proc} readings ({@link ProcessCpu}), it also counts threads started since the earlier reading (from
 * zero), such as a new HTTP client's, as long as they are still alive when read.
 */
final class ThreadCpu {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Thread id to name and CPU nanoseconds. */
	private final Map<Long, Reading> threads;

	private ThreadCpu(Map<Long, Reading> threads) {
		this.threads = threads;
	}

	/** Reads every live thread of this JVM now. */
	static ThreadCpu now() {
		Map<Long, Reading> threads = new HashMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			long nanos = THREADS.getThreadCpuTime(thread.getId());
			if (nanos >= 0) {
				threads.put(thread.getId(), new Reading(thread.getName(), nanos));
			}
		}
		return new ThreadCpu(threads);
	}

	/**
	 * The CPU time the threads named as {@code named} accepts used since {@code before}; a thread not alive then
	 * counts all of its time.
	 */
	Duration since(ThreadCpu before, Predicate<String> named) {
		long nanos = 0;
		for (Map.Entry<Long, Reading> thread : this.threads.entrySet()) {
			if (named.test(thread.getValue().name())) {
				Reading earlier = before.threads.get(thread.getKey());
				nanos += thread.getValue().nanos() - (earlier == null ? 0 : earlier.nanos());
			}
		}
		return Duration.ofNanos(nanos);
	}

	private record Reading(String name, long nanos) {
	}

}
