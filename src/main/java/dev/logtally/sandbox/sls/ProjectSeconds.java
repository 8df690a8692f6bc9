package dev.logtally.sandbox.sls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signature-valid requests per project per calendar second of the emulator's clock. All seconds are kept so that
 * tests can ask afterwards for the busiest one, whichever way a test clock moved.
 */
final class ProjectSeconds {

	private record ProjectSecond(String project, long epochSecond) {
	}

	private final Map<ProjectSecond, AtomicInteger> counts = new ConcurrentHashMap<>();

	/** Counts one request and returns how many the project has had in that second, this one included. */
	int record(String project, long epochSecond) {
		return this.counts.computeIfAbsent(new ProjectSecond(project, epochSecond), (key) -> new AtomicInteger())
			.incrementAndGet();
	}

	int busiest(String project) {
		return this.counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().project().equals(project))
			.mapToInt((entry) -> entry.getValue().get())
			.max()
			.orElse(0);
	}

}
