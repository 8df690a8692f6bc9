package dev.logtally.source.cls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One CLS topic behind {@link ClsApi}, for the reader's and planner's tests: histograms with buckets rounded down to
 * the interval (refusing more than 200 of them), SearchLog pages with Context up to the 10,000 cap, and logs of one
 * millisecond in a new order on every request, and SQL counts. Not an emulator: no HTTP, no signatures, no time.
 */
final class FakeClsTopic implements ClsApi {

	private final List<ClsLog> logs = new ArrayList<>();

	private final Random random;

	/** Each Context's query result, as it was when the query started. */
	private final Map<String, List<ClsLog>> contexts = new HashMap<>();

	/** Runs before each SearchLog: may add logs (they arrived) or return a refusal to throw. */
	private Function<ClsSearch, @Nullable RuntimeException> beforeSearch = (search) -> null;

	/** Whether SearchLog's {@code To} is inclusive (the API does not say). */
	private boolean inclusiveTo;

	int searches;

	int histograms;

	int sqlCounts;

	/** What the SQL count adds to the logs it counts: a count that disagrees with the histogram's. */
	private long sqlOffBy;

	FakeClsTopic(long seed) {
		this.random = new Random(seed);
	}

	static ClsLog log(long time, String pkgId, String pkgLogId, String message) {
		String json = "{\"msg\":\"" + message + "\"}";
		return new ClsLog(time, "t-1", "10.0.0.1", "/var/log/app", "", pkgId, pkgLogId, json,
				ClsResponseParser.logFields(json, 0));
	}

	FakeClsTopic add(ClsLog log) {
		this.logs.add(log);
		return this;
	}

	FakeClsTopic beforeSearch(Function<ClsSearch, @Nullable RuntimeException> hook) {
		this.beforeSearch = hook;
		return this;
	}

	FakeClsTopic sqlCountOffBy(long difference) {
		this.sqlOffBy = difference;
		return this;
	}

	FakeClsTopic inclusiveTo() {
		this.inclusiveTo = true;
		return this;
	}

	@Override
	public ClsPage searchLog(ClsSearch search) {
		this.searches++;
		if (search.limit() < 1 || search.limit() > 1000) {
			throw new IllegalArgumentException("Limit " + search.limit());
		}
		RuntimeException refusal = this.beforeSearch.apply(search);
		if (refusal != null) {
			throw refusal;
		}
		int offset = search.context() == null ? 0 : Integer.parseInt(search.context().split("-")[2]);
		List<ClsLog> matching = search.context() == null ? query(search) : this.contexts.get(search.context());
		if (offset + search.limit() > ClsWindowReader.CONTEXT_CAP) {
			throw new IllegalArgumentException("beyond the Context cap: " + offset + " + " + search.limit());
		}
		int to = Math.min(matching.size(), offset + search.limit());
		List<ClsLog> page = matching.subList(Math.min(offset, to), to);
		// As the emulator does (the real service is unconfirmed): the page that reaches the cap ends the list.
		boolean over = to >= matching.size() || to >= ClsWindowReader.CONTEXT_CAP;
		String next = null;
		if (!over) {
			// A Context continues one query's result: its order of ties holds for its pages.
			String id = search.context() == null ? "ctx-" + this.contexts.size() : search.context().substring(0,
					search.context().lastIndexOf('-'));
			next = id + "-" + to;
			this.contexts.put(next, matching);
		}
		return new ClsPage(page, next, over);
	}

	private List<ClsLog> query(ClsSearch search) {
		List<ClsLog> matching = new ArrayList<>();
		for (ClsLog log : this.logs) {
			if (log.time() >= search.range().start()
					&& (log.time() < search.range().end() || this.inclusiveTo && log.time() == search.range().end())) {
				matching.add(log);
			}
		}
		// Sorted by time only; ties in a new order each time.
		Collections.shuffle(matching, this.random);
		matching.sort(Comparator.comparingLong(ClsLog::time));
		return matching;
	}

	@Override
	public ClsHistogram histogram(ClsTarget target, MsRange range, long interval) {
		this.histograms++;
		if (interval < 1 || range.length() / interval > 200) {
			throw new IllegalArgumentException("interval " + interval + " for " + range);
		}
		TreeMap<Long, Long> buckets = new TreeMap<>();
		long total = 0;
		for (ClsLog log : this.logs) {
			if (range.contains(log.time())) {
				buckets.merge(Math.floorDiv(log.time(), interval) * interval, 1L, Long::sum);
				total++;
			}
		}
		return new ClsHistogram(total, interval,
				buckets.entrySet().stream().map((e) -> new ClsHistogram.Bucket(e.getKey(), e.getValue())).toList());
	}

	/** The logs in {@code range}, exactly, plus {@link #sqlCountOffBy}. */
	@Override
	public long sqlCount(ClsTarget target, MsRange range) {
		this.sqlCounts++;
		return this.logs.stream().filter((log) -> range.contains(log.time())).count() + this.sqlOffBy;
	}

	@Override
	public String context(ClsTarget target, MsRange range) {
		return "source cls, topic " + target.topic() + ", range " + range;
	}

}
