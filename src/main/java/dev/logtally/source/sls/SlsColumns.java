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

	/** {@code __time__} up to the second; nine fraction digits and a {@code Z} follow, so times sort as text. */
	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** The second whose text {@link #lastSecondText} is: logs of a window come in time order, many to a second. */
	private long lastSecond = Long.MIN_VALUE;

	private String lastSecondText = "";

	/** One per window reader, so used by one thread at a time: it remembers the last second it rendered. */
	SlsColumns() {
	}

	/**
	 * @param key identifies the log within its window (its leaf and place in the leaf's sorted page): a log is read
	 *     once, so keys never repeat, and identical logs the source holds are all kept
	 */
	ExportRecord toRecord(QueriedLog log, String key) {
		String[] names = new String[3 + log.fields().size()];
		String[] values = new String[names.length];
		names[0] = TIME;
		values[0] = time(log.epochNanos());
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

	/** ISO-8601 UTC with exactly nine fraction digits. */
	String time(long epochNanos) {
		// A DateTimeFormatter takes about a microsecond per log (issue 8): the second's text is formatted once, and
		// each log's fraction appended.
		long second = Math.floorDiv(epochNanos, 1_000_000_000L);
		if (second != this.lastSecond) {
			this.lastSecondText = SECONDS.format(Instant.ofEpochSecond(second));
			this.lastSecond = second;
		}
		// 1,000,000,000 + nanos has ten digits: dropping the leading 1 leaves the nanos zero-padded to nine.
		String fraction = Long.toString(1_000_000_000L + Math.floorMod(epochNanos, 1_000_000_000L));
		return this.lastSecondText + "." + fraction.substring(1) + "Z";
	}

}
