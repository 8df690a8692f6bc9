package dev.logtally.source.scf;

import java.time.Instant;
import java.util.List;

import dev.logtally.spec.ScfTarget;
import org.jspecify.annotations.Nullable;

/**
 * A function's logs as the legacy API lists them, newest first, and where an instant falls in that listing.
 *
 * <p>The legacy API takes no time range, so the offsets where a window's logs begin and end are the only count of the
 * window the source can give: the window holds {@code boundary(start) - boundary(end)} logs, provided the listing did
 * not move between the requests that found the two (each answer carries the listing's length, which says whether it
 * did).
 */
final class ScfLegacyListing {

	/**
	 * Where the logs that started before an instant begin.
	 * @param offset the first offset whose log started before the instant (the listing's length when none did); the
	 *     cap when the boundary is out of reach
	 * @param reachable false when an offset cap ends the readable listing before the boundary
	 * @param firstTotal the listing's length at the first request that looked for the boundary
	 * @param lastTotal the listing's length at the last request that looked for it
	 */
	record Boundary(int offset, boolean reachable, long firstTotal, long lastTotal) {

		/** Whether the listing kept its length while the boundary was looked for. */
		boolean steady() {
			return this.firstTotal == this.lastTotal;
		}

		/** Where this boundary probably is once the listing has grown to {@code total}: new logs arrive on top. */
		int shiftedTo(long total) {
			return (int) Math.max(0, this.offset + total - this.lastTotal);
		}

	}

	private final ScfLegacyClient client;

	private final ScfTarget target;

	private final int cap;

	/** @param cap the largest offset+limit the API answers, 0 for none */
	ScfLegacyListing(ScfLegacyClient client, ScfTarget target, int cap) {
		this.client = client;
		this.target = target;
		this.cap = cap;
	}

	/**
	 * Finds the first offset whose log started before {@code instant}: one request when {@code guess} is right, a
	 * bisection of the listing otherwise.
	 * @param guess where the boundary probably is, or -1
	 */
	Boundary boundary(Instant instant, int guess) {
		if (guess >= 0) {
			Boundary confirmed = confirm(instant, guess);
			if (confirmed != null) {
				return confirmed;
			}
		}
		return bisect(instant);
	}

	/** The boundary at {@code guess}, if one request showing the logs either side of it says so. */
	private @Nullable Boundary confirm(Instant instant, int guess) {
		int from = Math.max(0, guess - 1);
		int limit = guess == 0 ? 1 : 2;
		if (this.cap > 0 && from + limit > this.cap) {
			return null;
		}
		ScfPage page = this.client.getFunctionLogs(this.target, from, limit);
		List<FunctionLog> logs = page.logs();
		int atIndex = guess - from;
		boolean newerAbove = guess == 0 || (!logs.isEmpty() && !logs.get(0).startTime().isBefore(instant));
		boolean olderAt = logs.size() > atIndex ? logs.get(atIndex).startTime().isBefore(instant)
				: guess == page.totalCount();
		return newerAbove && olderAt ? new Boundary(guess, true, page.totalCount(), page.totalCount()) : null;
	}

	private Boundary bisect(Instant instant) {
		ScfPage first = this.client.getFunctionLogs(this.target, 0, 1);
		long firstTotal = first.totalCount();
		if (first.logs().isEmpty() || first.logs().get(0).startTime().isBefore(instant)) {
			return new Boundary(0, true, firstTotal, firstTotal);
		}
		int reach = this.cap > 0 ? this.cap : Integer.MAX_VALUE;
		long lastTotal = firstTotal;
		// Offsets below low hold logs that started at or after the instant; the boundary is at most high.
		int low = 1;
		int high = (int) Math.min(firstTotal, reach);
		while (low < high) {
			int middle = low + (high - low) / 2;
			ScfPage probe = this.client.getFunctionLogs(this.target, middle, 1);
			lastTotal = probe.totalCount();
			if (probe.logs().isEmpty() || probe.logs().get(0).startTime().isBefore(instant)) {
				high = middle;
			}
			else {
				low = middle + 1;
			}
		}
		boolean reachable = low < reach || low >= lastTotal;
		return new Boundary(low, reachable, firstTotal, lastTotal);
	}

}
