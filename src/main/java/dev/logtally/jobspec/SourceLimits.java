package dev.logtally.jobspec;

import java.time.Duration;

/**
 * What a kind of source allows and assumes when the spec does not say: a source's window, rate and page size are read
 * within these bounds.
 * @param maxWindow the longest window the source API accepts in one query
 * @param defaultWindow the window when the spec gives none
 * @param defaultRateLimit requests per second when the spec gives none
 * @param minPageSize the fewest records a page may ask for
 * @param defaultPageSize records a page asks for when the spec gives none
 * @param maxPageSize the most records one request may ask for
 */
public record SourceLimits(Duration maxWindow, Duration defaultWindow, double defaultRateLimit, int minPageSize,
		int defaultPageSize, int maxPageSize) {
}
