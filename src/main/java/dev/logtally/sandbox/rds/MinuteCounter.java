package dev.logtally.sandbox.rds;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per AK per calendar minute of the emulator's clock. Every minute is kept, not only the current one, so
 * tests can ask afterwards for the busiest minute (a test clock may also move backwards).
 */
final class MinuteCounter {

	private final Map<String, Map<Long, AtomicInteger>> counts = new ConcurrentHashMap<>();

	/** Counts one request and returns how many this AK has made in that minute, this one included. */
	int record(String accessKey, long epochSecond) {
		return this.counts.computeIfAbsent(accessKey, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(Math.floorDiv(epochSecond, 60L), (minute) -> new AtomicInteger())
			.incrementAndGet();
	}

	int busiest(String accessKey) {
		Map<Long, AtomicInteger> minutes = this.counts.get(accessKey);
		return (minutes == null) ? 0 : minutes.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
	}

}
