package dev.logtally.source.cls;

/**
 * The two CLS calls a window is read with: what {@link ClsWindowReader} needs of {@link ClsApiClient}, so that the
 * reader can be specified against canned answers.
 */
interface ClsApi {

	/**
	 * One page of logs, oldest first.
	 * @throws ClsQueryException when CLS refused the query in a way the reader answers (too large; Context invalid)
	 * @throws dev.logtally.http.SourceException for every other failure, after the retries allowed
	 */
	ClsPage searchLog(ClsSearch search);

	/**
	 * The counts of {@code range} in buckets of {@code interval} milliseconds.
	 * @throws dev.logtally.http.SourceException when the histogram cannot be had
	 */
	ClsHistogram histogram(ClsTarget target, MsRange range, long interval);

	/**
	 * The SQL {@code count(*)} of the target's logs with {@code range.start() <= __TIMESTAMP__ < range.end()}, at
	 * sampling rate 1: an independent count of a window, to cross-check the histogram's.
	 * @throws dev.logtally.http.SourceException when the count cannot be had, or the topic refuses SQL
	 */
	long sqlCount(ClsTarget target, MsRange range);

	/** Names what was asked, for messages: source, topic and range. */
	String context(ClsTarget target, MsRange range);

}
