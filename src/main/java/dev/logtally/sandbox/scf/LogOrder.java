package dev.logtally.sandbox.scf;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

import dev.logtally.sandbox.scf.ScfDataset.StoredLog;

/**
 * The {@code OrderBy} keys. Every key falls back to start time and then the dataset's sequence, so any order is
 * total and paging with Offset/Limit over an unchanged source never repeats or skips a log.
 */
enum LogOrder {

	START_TIME("start_time", Comparator.comparingLong((StoredLog log) -> 0L)),

	FUNCTION_NAME("function_name", Comparator.comparing((StoredLog log) -> log.template().functionName())),

	DURATION("duration", Comparator.comparingDouble(StoredLog::durationMillis)),

	MEM_USAGE("mem_usage", Comparator.comparingLong((StoredLog log) -> log.template().memUsage()));

	private final String wireName;

	private final Comparator<StoredLog> primary;

	LogOrder(String wireName, Comparator<StoredLog> primary) {
		this.wireName = wireName;
		this.primary = primary;
	}

	/** {@code desc} is the exact reverse of {@code asc}, tie-breakers included. */
	Comparator<StoredLog> comparator(boolean ascending) {
		Comparator<StoredLog> total = this.primary.thenComparingLong(StoredLog::startSecond)
			.thenComparingInt(StoredLog::sequence);
		return ascending ? total : total.reversed();
	}

	static Optional<LogOrder> ofWireName(String wireName) {
		return Arrays.stream(values()).filter((order) -> order.wireName.equals(wireName)).findFirst();
	}

}
