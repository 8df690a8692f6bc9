package dev.logtally.sandbox.cls;

import java.util.Set;

import dev.logtally.sandbox.tencent.ApiError;

/**
 * A {@code DescribeLogHistogram} request as the emulator serves it.
 * @param topicId {@code TopicId}
 * @param from {@code From}, Unix milliseconds
 * @param to {@code To}, Unix milliseconds
 * @param statement {@code Query} with {@code SyntaxRule} (default Lucene, as documented)
 * @param interval {@code Interval} in milliseconds, at least 1 and with {@code (To - From) / Interval <= 200}; when
 *     absent, the smallest interval that keeps to that rule
 */
record HistogramParameters(String topicId, long from, long to, SearchStatement statement, long interval) {

	static final long MAX_BUCKETS = 200;

	private static final Set<String> KNOWN = Set.of("TopicId", "From", "To", "Query", "SyntaxRule", "Interval");

	static HistogramParameters parse(byte[] body) {
		RequestBody request = RequestBody.parse(body, KNOWN);
		String topicId = request.requiredString("TopicId");
		long from = request.requiredLong("From");
		long to = request.requiredLong("To");
		if (from >= to) {
			throw new ApiError("InvalidParameter", "`From` (" + from + ") must be before `To` (" + to + ").");
		}
		SearchStatement statement = SearchStatement.parse(request.string("Query"),
				request.longOr("SyntaxRule", SearchStatement.LUCENE), "Query");
		long span = to - from;
		long interval = request.longOr("Interval", smallestInterval(span));
		if (interval < 1) {
			throw new ApiError("InvalidParameter", "The parameter `Interval` must be at least 1, not " + interval + ".");
		}
		if (span / (double) interval > MAX_BUCKETS) {
			throw new ApiError("InvalidParameter", "(To - From) / Interval = " + span + " / " + interval
					+ " exceeds " + MAX_BUCKETS + ": choose an Interval of at least "
					+ smallestInterval(span) + " ms.");
		}
		return new HistogramParameters(topicId, from, to, statement, interval);
	}

	private static long smallestInterval(long span) {
		return Math.max(1, -Math.floorDiv(-span, MAX_BUCKETS));
	}

}
