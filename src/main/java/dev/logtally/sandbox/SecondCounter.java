package dev.logtally.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per SecretId per calendar second of the emulator's clock. Every second is kept, not only the current one,
 * so tests can ask afterwards for the busiest second (a test clock may also move backwards).
 */
public final class SecondCounter {

	private final Map<String, Map<Long, AtomicInteger>> counts = new ConcurrentHashMap<>();

	/** Counts one request and returns how many this SecretId has made in that second, this one included. */
	public int record(String secretId, long epochSecond) {
		return this.counts.computeIfAbsent(secretId, (id) -> new ConcurrentHashMap<>())
			.computeIfAbsent(epochSecond, (second) -> new AtomicInteger())
			.incrementAndGet();
	}

	public int maxInAnySecond(String secretId) {
		Map<Long, AtomicInteger> seconds = this.counts.get(secretId);
		return (seconds == null) ? 0 : seconds.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
	}

}
