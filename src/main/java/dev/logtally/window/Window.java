package dev.logtally.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A half-open interval of time {@code [start, end)}, in UTC. Windows are what the archive is cut into: one file per
 * source, target and window.
 */
public record Window(Instant start, Instant end) implements Comparable<Window> {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

	public Window {
		if (!start.isBefore(end)) {
			throw new IllegalArgumentException("window start " + start + " is not before its end " + end);
		}
	}

	public Duration length() {
		return Duration.between(this.start, this.end);
	}

	public boolean contains(Instant instant) {
		return !instant.isBefore(this.start) && instant.isBefore(this.end);
	}

	/** The file-name stem of this window: {@code 20261121T000000Z_20261122T000000Z}. */
	public String stem() {
		return STAMP.format(this.start) + "_" + STAMP.format(this.end);
	}

	/** The date the window starts on in {@code zone}: the job's zone names the archive's {@code dt=} folders. */
	public LocalDate startDate(ZoneId zone) {
		return LocalDate.ofInstant(this.start, zone);
	}

	/**
	 * The window's bounds as its job's zone sees them, with their offset, for tables people read:
	 * {@code 2026-11-01T00:00:00+08:00 2026-11-02T00:00:00+08:00}. The offset tells apart the two 02:30 of a day that
	 * turns the clocks back.
	 */
	public String bounds(ZoneId zone) {
		return local(this.start, zone) + " " + local(this.end, zone);
	}

	/** {@code instant} as {@code zone} sees it, to the second, with its offset: {@code 2026-11-01T00:00:00+08:00}. */
	public static String local(Instant instant, ZoneId zone) {
		return LOCAL.format(instant.atZone(zone));
	}

	@Override
	public int compareTo(Window other) {
		int byStart = this.start.compareTo(other.start);
		return byStart != 0 ? byStart : this.end.compareTo(other.end);
	}

	@Override
	public String toString() {
		return "[" + this.start + ", " + this.end + ")";
	}

}
