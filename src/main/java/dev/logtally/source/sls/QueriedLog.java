package dev.logtally.source.sls;

import java.util.Map;
import java.util.SortedMap;

/**
 * One log as {@code GetLogs} returned it.
 * @param epochNanos {@code __time__} and {@code __time_ns_part__} together
 * @param source {@code __source__}
 * @param topic {@code __topic__}
 * @param fields every other key, sorted by name
 */
public record QueriedLog(long epochNanos, String source, String topic, SortedMap<String, String> fields)
		implements Comparable<QueriedLog> {

	/**
	 * A total order on content: time, then source, topic and fields. SLS orders pages only to the second (or minute),
	 * so logs that tie come back in any order; sorting each page this way makes the archive's order, and a restart's
	 * position within a page, independent of the order the source chose.
	 */
	@Override
	public int compareTo(QueriedLog other) {
		int order = Long.compare(this.epochNanos, other.epochNanos);
		if (order == 0) {
			order = this.source.compareTo(other.source);
		}
		if (order == 0) {
			order = this.topic.compareTo(other.topic);
		}
		if (order == 0) {
			order = compareFields(this.fields, other.fields);
		}
		return order;
	}

	private static int compareFields(SortedMap<String, String> left, SortedMap<String, String> right) {
		var l = left.entrySet().iterator();
		var r = right.entrySet().iterator();
		while (l.hasNext() && r.hasNext()) {
			Map.Entry<String, String> a = l.next();
			Map.Entry<String, String> b = r.next();
			int order = a.getKey().compareTo(b.getKey());
			if (order == 0) {
				order = a.getValue().compareTo(b.getValue());
			}
			if (order != 0) {
				return order;
			}
		}
		return Boolean.compare(l.hasNext(), r.hasNext());
	}

}
