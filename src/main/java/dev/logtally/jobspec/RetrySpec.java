package dev.logtally.jobspec;

import java.time.Duration;

/**
 * Bounds for retrying transient faults of one source.
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff the wait before the first retry; doubled per retry, with jitter
 * @param maxBackoff the longest single wait
 */
public record RetrySpec(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	public static final RetrySpec DEFAULT = new RetrySpec(8, Duration.ofMillis(500), Duration.ofSeconds(30));

}
