package dev.logtally.source.sls;

/** One bucket of a {@code GetHistograms} answer: the count of logs in {@code [from, to)} (seconds). */
public record HistogramBucket(long from, long to, long count) {
}
