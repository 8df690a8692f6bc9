package dev.logtally.source.cls;

import java.time.Instant;

/** A half-open range of time {@code [start, end)} in epoch milliseconds, CLS's unit for {@code From} and {@code To}. */
public record MsRange(long start, long end) {

	public MsRange {
		if (start >= end) {
			throw new IllegalArgumentException("empty range [" + start + ", " + end + ")");
		}
	}

	public static MsRange of(Instant start, Instant end) {
		return new MsRange(start.toEpochMilli(), end.toEpochMilli());
	}

	public long length() {
		return this.end - this.start;
	}

	public boolean contains(long time) {
		return this.start <= time && time < this.end;
	}

	@Override
	public String toString() {
		return "[" + Instant.ofEpochMilli(this.start) + ", " + Instant.ofEpochMilli(this.end) + ")";
	}

}
