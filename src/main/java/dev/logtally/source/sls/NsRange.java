package dev.logtally.source.sls;

import java.time.Instant;

/**
 * A half-open range of time {@code [start, end)} in epoch nanoseconds: SLS takes {@code from}/{@code to} in seconds
 * and {@code fromNs}/{@code toNs} as their nanosecond parts, which is how a second holding more logs than a page is
 * split.
 */
public record NsRange(long start, long end) {

	private static final long NANOS = 1_000_000_000L;

	public NsRange {
		if (start >= end) {
			throw new IllegalArgumentException("empty range [" + start + ", " + end + ")");
		}
	}

	public static NsRange of(Instant start, Instant end) {
		return new NsRange(nanos(start), nanos(end));
	}

	static long nanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
	}

	public long fromSecond() {
		return Math.floorDiv(this.start, NANOS);
	}

	public long fromNs() {
		return Math.floorMod(this.start, NANOS);
	}

	public long toSecond() {
		return Math.floorDiv(this.end, NANOS);
	}

	public long toNs() {
		return Math.floorMod(this.end, NANOS);
	}

	/** Whether the range lies within one second and so can only be split by nanoseconds. */
	public boolean withinOneSecond() {
		return this.end - this.start <= NANOS && (fromSecond() == toSecond() || toNs() == 0);
	}

	public long length() {
		return this.end - this.start;
	}

	@Override
	public String toString() {
		return "[" + Instant.ofEpochSecond(fromSecond(), fromNs()) + ", " + Instant.ofEpochSecond(toSecond(), toNs())
				+ ")";
	}

}
