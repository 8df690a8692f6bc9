package dev.logtally.source.cls;

import java.util.SortedMap;

/**
 * One log of a {@code SearchLog} answer ({@code LogInfo}).
 * @param time {@code Time}, epoch milliseconds
 * @param pkgId {@code PkgId}, the upload packet; may be empty
 * @param pkgLogId {@code PkgLogId}, the log's place in its packet (a string in SearchLog); may be empty
 * @param logJson {@code LogJson} exactly as it came, which orders and identifies logs without ids
 * @param fields the fields of {@code LogJson}, by name; nested values as their JSON text
 */
public record ClsLog(long time, String topicId, String source, String fileName, String hostName, String pkgId,
		String pkgLogId, String logJson, SortedMap<String, String> fields) implements Comparable<ClsLog> {

	/**
	 * A total order on content: time, then the packet ids, then the whole log. CLS does not say how logs of one
	 * millisecond are ordered, so they may come back in another order on each request; sorting each leaf this way makes
	 * the archive's order, and a restart's position within a leaf, independent of it.
	 */
	@Override
	public int compareTo(ClsLog other) {
		int order = Long.compare(this.time, other.time);
		if (order == 0) {
			order = this.pkgId.compareTo(other.pkgId);
		}
		if (order == 0) {
			order = this.pkgLogId.compareTo(other.pkgLogId);
		}
		if (order == 0) {
			order = this.logJson.compareTo(other.logJson);
		}
		if (order == 0) {
			order = this.source.compareTo(other.source);
		}
		if (order == 0) {
			order = this.fileName.compareTo(other.fileName);
		}
		if (order == 0) {
			order = this.hostName.compareTo(other.hostName);
		}
		if (order == 0) {
			order = this.topicId.compareTo(other.topicId);
		}
		return order;
	}

}
