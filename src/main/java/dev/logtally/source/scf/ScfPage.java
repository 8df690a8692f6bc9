package dev.logtally.source.scf;

import java.util.List;

/**
 * One page of a {@code GetFunctionLogs} answer.
 * @param totalCount the source's own count of logs matching the query's range and filters
 * @param logs the page's logs, in the order the source returned them
 */
public record ScfPage(long totalCount, List<FunctionLog> logs) {
}
