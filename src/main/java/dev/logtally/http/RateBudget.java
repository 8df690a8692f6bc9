package dev.logtally.http;

import java.time.Duration;

import io.github.bucket4j.Bucket;

/**
 * The request budget of one account key (for example one Tencent SecretId), shared by every partition that uses it.
 *
 * <p>Invariant: requests are spaced at least {@code 1/rate} apart (a token bucket of capacity one, refilled greedily),
 * so no interval of one second ever holds more than {@code rate} requests. A bucket that allowed bursts, or a limiter
 * with fixed cycles, can put up to twice the rate into one calendar second, which is exactly what a per-second server
 * limit counts. A small margin absorbs jitter between when a request is sent and when the server counts it.
 */
public final class RateBudget {

	/** Fraction of the documented rate kept in reserve for timing jitter on the way to the server. */
	static final double MARGIN = 0.02;

	/** For requests no API limit counts (object-storage downloads): never waits. */
	public static final RateBudget UNLIMITED = new RateBudget();

	private final Bucket bucket;

	private RateBudget() {
		this.bucket = null;
	}

	RateBudget(double requestsPerSecond) {
		long spacingNanos = (long) Math.ceil(1_000_000_000.0 * (1 + MARGIN) / requestsPerSecond);
		this.bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(1).refillGreedy(1, Duration.ofNanos(spacingNanos)))
			.build();
	}

	/** Blocks until the next request may be sent. */
	public void acquire() throws InterruptedException {
		if (this.bucket != null) {
			this.bucket.asBlocking().consume(1);
		}
	}

}
