package dev.logtally.source.scf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongBiFunction;

/**
 * Splits a window into slices that the Offset+Limit cap can read completely.
 *
 * <p>{@code GetFunctionLogs} reaches at most {@value #CAP} logs of one query (Offset+Limit &lt;= 10,000). A window whose
 * TotalCount is above that is halved, recursively, on whole seconds, until every slice fits. A one-second slice that
 * still holds more cannot be split further: it is planned as it is and its reader reports how many logs the cap hid.
 */
final class ScfSlicePlanner {

	static final int CAP = 10_000;

	private final ToLongBiFunction<Instant, Instant> counter;

	/** @param counter the source's count of logs in {@code [from, to)} */
	ScfSlicePlanner(ToLongBiFunction<Instant, Instant> counter) {
		this.counter = counter;
	}

	List<Slice> plan(Instant from, Instant to) {
		List<Slice> plan = new ArrayList<>();
		split(from, to, this.counter.applyAsLong(from, to), plan);
		return plan;
	}

	private void split(Instant from, Instant to, long count, List<Slice> plan) {
		long seconds = to.getEpochSecond() - from.getEpochSecond();
		if (count <= CAP || seconds <= 1) {
			plan.add(new Slice(from, to, count));
			return;
		}
		Instant middle = from.plusSeconds(seconds / 2);
		long firstHalf = this.counter.applyAsLong(from, middle);
		split(from, middle, firstHalf, plan);
		// The second half's count is asked, not derived: logs may arrive between the two requests.
		split(middle, to, this.counter.applyAsLong(middle, to), plan);
	}

}
