package dev.logtally.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.logtally.jobspec.RetrySpec;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Retries transient {@link SourceException}s with exponential backoff and jitter, a bounded number of times; other
 * faults fail at once. Built on resilience4j's {@link Retry}.
 *
 * <p>After the last attempt the fault is marked exhausted, with a message that says how many attempts were made, so an
 * operator sees "gave up after 8 attempts: HTTP 503" rather than a bare 503.
 */
public final class RetryPolicy {

	/** Hears of every attempt and every retry, for metrics. */
	public interface Listener {

		Listener NONE = new Listener() {
		};

		default void attempted() {
		}

		/** @param throttled whether the source asked to slow down */
		default void retrying(boolean throttled) {
		}

	}

	private final Retry retry;

	private final int maxAttempts;

	private final Listener listener;

	private final boolean preflight;

	public RetryPolicy(String name, RetrySpec spec, Duration throttleFloor) {
		this(name, spec, throttleFloor, Listener.NONE);
	}

	public RetryPolicy(String name, RetrySpec spec, Duration throttleFloor, Listener listener) {
		this(name, spec, throttleFloor, listener, false);
	}

	/**
	 * @param preflight whether the calls are the check before a run, where a host name that does not resolve is a
	 *     misspelled endpoint and fails at once, rather than a resolver's hiccup in the middle of a run
	 */
	public RetryPolicy(String name, RetrySpec spec, Duration throttleFloor, Listener listener, boolean preflight) {
		this.listener = listener;
		this.preflight = preflight;
		this.maxAttempts = spec.maxAttempts();
		IntervalBiFunction<Object> interval = (attempt, outcome) -> {
			long base = Math.min(spec.maxBackoff().toMillis(),
					spec.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
			// Half fixed, half random: spreads partitions that failed together without ever waiting less than half.
			long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
			boolean throttled = outcome.isLeft() && outcome.getLeft() instanceof SourceException fault
					&& fault.kind() == SourceException.Kind.THROTTLED;
			return throttled ? Math.max(wait, throttleFloor.toMillis()) : wait;
		};
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(spec.maxAttempts())
			.intervalBiFunction(interval)
			.retryOnException((ex) -> ex instanceof SourceException fault && fault.retryable()
					&& !(preflight && fault.kind() == SourceException.Kind.UNRESOLVED))
			.build();
		this.retry = Retry.of(name, config);
		this.retry.getEventPublisher()
			.onRetry((event) -> listener.retrying(event.getLastThrowable() instanceof SourceException fault
					&& fault.kind() == SourceException.Kind.THROTTLED));
	}

	/**
	 * Runs {@code call}, retrying transient faults.
	 * @throws SourceException when the call fails permanently, or exhausted when every attempt failed
	 */
	public <T> T call(Supplier<T> call) {
		try {
			return Retry.decorateSupplier(this.retry, () -> {
				this.listener.attempted();
				return call.get();
			}).get();
		}
		catch (SourceException ex) {
			throw ex.retryable() && !(this.preflight && ex.kind() == SourceException.Kind.UNRESOLVED)
					? ex.exhausted(this.maxAttempts) : ex;
		}
	}

}
