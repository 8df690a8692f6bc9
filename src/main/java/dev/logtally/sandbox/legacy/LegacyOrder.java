package dev.logtally.sandbox.legacy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

import dev.logtally.sandbox.scf.ScfDataset.StoredLog;

/**
 * The {@code orderby} keys. The legacy pages disagree on their spelling (camelCase in one copy, snake_case in
 * another), so both are accepted. Every key falls back to start time and then the dataset's sequence, so any order is
 * total, {@code desc} is the exact reverse of {@code asc}, and paging with offset/limit over an unchanged source never
 * repeats or skips a log.
 */
enum LegacyOrder {

	START_TIME("startTime", "start_time", Comparator.comparingLong((StoredLog log) -> 0L)),

	FUNCTION_NAME("functionName", "function_name", Comparator.comparing((StoredLog log) -> log.template().functionName())),

	REQUEST_ID("requestId", "request_id", Comparator.comparing((StoredLog log) -> log.template().requestId())),

	DURATION("duration", "duration", Comparator.comparingDouble(StoredLog::durationMillis)),

	MEM_USAGE("memUsage", "mem_usage", Comparator.comparingLong((StoredLog log) -> log.template().memUsage()));

	private final String camelName;

	private final String snakeName;

	private final Comparator<StoredLog> primary;

	LegacyOrder(String camelName, String snakeName, Comparator<StoredLog> primary) {
		this.camelName = camelName;
		this.snakeName = snakeName;
		this.primary = primary;
	}

	Comparator<StoredLog> comparator(boolean ascending) {
		Comparator<StoredLog> total = this.primary
			.thenComparingLong((StoredLog log) -> log.template().startTime().getEpochSecond())
			.thenComparingInt(StoredLog::sequence);
		return ascending ? total : total.reversed();
	}

	static Optional<LegacyOrder> ofWireName(String wireName) {
		return Arrays.stream(values())
			.filter((order) -> order.camelName.equals(wireName) || order.snakeName.equals(wireName))
			.findFirst();
	}

}
