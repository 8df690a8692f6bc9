package dev.logtally.source.scf;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One SCF {@code FunctionLog} as the API returned it. Numbers are kept as the exact text of the JSON token so that the
 * archive holds what the source said ({@code 0.532} stays {@code 0.532}, not {@code 0.5320000052}).
 */
public record FunctionLog(@Nullable String functionName, @Nullable String retMsg, String requestId, Instant startTime,
		@Nullable String retCode, @Nullable String invokeFinished, @Nullable String duration,
		@Nullable String billDuration, @Nullable String memUsage, @Nullable String log, @Nullable String level,
		@Nullable String source, @Nullable String retryNum) {

	/**
	 * Identifies one log within a window. A retried asynchronous invocation keeps its RequestId but is a different log
	 * with its own RetryNum, so both go into the key; the same log delivered twice has the same key.
	 */
	public String naturalKey() {
		return this.requestId + "#" + (this.retryNum == null ? "" : this.retryNum);
	}

}
