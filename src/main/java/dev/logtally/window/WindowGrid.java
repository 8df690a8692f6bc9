package dev.logtally.window;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How one source's time is cut into windows.
 *
 * <p>A length of whole days follows the calendar of {@code zone}: a window runs from one midnight to another, so a
 * day with a daylight-saving change is one window of 23 or 25 hours. A shorter length divides a day and counts in
 * elapsed time from each midnight; the last window of a day that is not 24 hours long is the remainder. A window longer
 * than {@code longest} (a 25-hour day where the API answers at most 24 hours per query) is cut into equal parts.
 * @param length the spec's window length: divides a day, or is a whole number of days
 * @param longest the longest span the source's API accepts in one query
 * @param zone the zone whose midnights anchor the grid
 */
public record WindowGrid(Duration length, Duration longest, ZoneId zone) {

	private static final long DAY_SECONDS = Duration.ofDays(1).getSeconds();

	public WindowGrid {
		if (length.isZero() || length.isNegative() || longest.isZero() || longest.isNegative()) {
			throw new IllegalArgumentException("window length " + length + " and longest span " + longest
					+ " must be positive");
		}
	}

	/** Whether windows run from midnight to midnight in the zone. */
	boolean wholeDays() {
		return this.length.getSeconds() % DAY_SECONDS == 0 && this.length.getNano() == 0;
	}

}
