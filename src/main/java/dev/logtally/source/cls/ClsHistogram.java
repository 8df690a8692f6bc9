package dev.logtally.source.cls;

import java.util.List;

/**
 * A {@code DescribeLogHistogram} answer.
 * @param totalCount the logs matching the statement in the range asked for
 * @param interval the bucket length, milliseconds
 * @param buckets bucket starts ({@code BTime}, rounded down to the interval) with their counts, in time order
 */
public record ClsHistogram(long totalCount, long interval, List<Bucket> buckets) {

	public ClsHistogram {
		buckets = List.copyOf(buckets);
	}

	/** One {@code HistogramInfo}: the logs of {@code [bTime, bTime + interval)}. */
	public record Bucket(long bTime, long count) {
	}

}
