package dev.logtally.sandbox.sls;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One log as an SLS logstore holds it.
 * @param time {@code __time__}, Unix seconds
 * @param nsPart {@code __time_ns_part__}, 0 to 999,999,999
 * @param source {@code __source__}
 * @param topic {@code __topic__}
 * @param fields every other key and its value; never one of the {@code __...__} keys above
 */
public record SlsLog(long time, int nsPart, String source, String topic, SortedMap<String, String> fields) {

	public SlsLog {
		if (nsPart < 0 || nsPart > 999_999_999) {
			throw new IllegalArgumentException("nsPart out of range: " + nsPart);
		}
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(topic, "topic");
		fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
	}

	/** The log's time with its nanosecond part. */
	public Instant instant() {
		return Instant.ofEpochSecond(this.time, this.nsPart);
	}

}
