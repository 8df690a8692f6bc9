package dev.logtally.source.sls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.FieldValues;
import dev.logtally.source.RecordLayout;

/**
 * The archive's CSV columns for SLS logs: {@code __time__} (ISO-8601 UTC with nanoseconds), {@code __source__},
 * {@code __topic__}, then one column per log key, sorted by name. The leading columns keep SLS's own reserved names,
 * which no user key can take, so a log key called {@code time} or {@code source} never collides with them.
 */
public final class SlsColumns {

	public static final String TIME = "__time__";

	public static final String SOURCE = "__source__";

	public static final String TOPIC = "__topic__";

	public static final RecordLayout LAYOUT = new RecordLayout(List.of(TIME, SOURCE, TOPIC), true);

	/** Always nine fraction digits, so times sort as text and never change form between runs. */
	private static final DateTimeFormatter NANOS = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private SlsColumns() {
	}

	/**
	 * @param key identifies the log within its window (its leaf and place in the leaf's sorted page): a log is read
	 *     once, so keys never repeat, and identical logs the source holds are all kept
	 */
	static ExportRecord toRecord(QueriedLog log, String key) {
		String[] names = new String[3 + log.fields().size()];
		String[] values = new String[names.length];
		names[0] = TIME;
		values[0] = NANOS.format(Instant.ofEpochSecond(0, log.epochNanos()));
		names[1] = SOURCE;
		values[1] = log.source();
		names[2] = TOPIC;
		values[2] = log.topic();
		int count = 3;
		for (Map.Entry<String, String> field : log.fields().entrySet()) {
			if (!LAYOUT.leadingColumns().contains(field.getKey())) {
				names[count] = field.getKey();
				values[count++] = field.getValue();
			}
		}
		return new ExportRecord(key, Math.floorDiv(log.epochNanos(), 1_000_000_000L),
				FieldValues.of(List.of(Arrays.copyOf(names, count)), Arrays.copyOf(values, count)));
	}

}
