package dev.logtally.source.scf;

import java.time.Instant;
import java.util.List;

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

	private final ScfLegacyApiClient client;

	private final ScfTarget target;

	private final int cap;

	private final int width;

	/**
	 * @param cap the largest offset+limit the API answers, 0 for none
	 * @param width the logs one request may ask for: a guess is checked with a page this wide centred on it, so it may
	 *     be off by up to half of it
	 */
	ScfLegacyListing(ScfLegacyApiClient client, ScfTarget target, int cap, int width) {
		this.client = client;
		this.target = target;
		this.cap = cap;
		this.width = Math.max(2, width);
	}

	/**
	 * Finds the first offset whose log started before {@code instant}: one request when {@code guess} is near it, a
	 * bisection of the listing otherwise.
	 * @param guess where the boundary probably is, or -1
	 */
	Boundary boundary(Instant instant, int guess) {
		if (guess >= 0) {
			Boundary seen = around(instant, guess);
			if (seen != null) {
				return seen;
			}
		}
		return bisect(instant);
	}

	/** The boundary, if one page centred on {@code guess} shows the logs either side of it. */
	private @Nullable Boundary around(Instant instant, int guess) {
		int from = Math.max(0, guess - this.width / 2);
		int limit = this.cap > 0 ? Math.min(this.width, this.cap - from) : this.width;
		if (limit < 1) {
			return null;
		}
		ScfPage page = this.client.getFunctionLogs(this.target, from, limit);
		List<FunctionLog> logs = page.logs();
		int at = 0;
		while (at < logs.size() && !logs.get(at).startTime().isBefore(instant)) {
			at++;
		}
		boolean newerAboveSeen = at > 0 || from == 0;
		boolean olderSeen = at < logs.size() || from + logs.size() >= page.totalCount();
		return newerAboveSeen && olderSeen ? new Boundary(from + at, true, page.totalCount(), page.totalCount()) : null;
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
