package dev.logtally.source.sls;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner against a histogram computed from a known set of log times, splitting ranges the way SLS does (at most
 * 60 buckets on whole seconds; a sub-second range is one bucket).
 */
class SlsLeafPlannerTest {

	private static final long S = 1_000_000_000L;

	private static final long T0 = 1_761_926_400L * S;

	@Test
	void everyLeafFitsAPageAndTheLeavesTileTheWindowExactly() {
		NavigableMap<Long, Integer> logs = new TreeMap<>();
		for (int i = 0; i < 20_000; i++) {
			logs.merge(T0 + (long) ((i * 7_919L) % 3_600) * S + (i * 104_729L) % S, 1, Integer::sum);
		}

		List<SlsLeafPlanner.Leaf> leaves = plan(logs, T0, T0 + 3_600 * S, 99);

		assertThat(leaves).allSatisfy((leaf) -> assertThat(leaf.count()).isBetween(1L, 99L));
		assertThat(leaves.stream().mapToLong(SlsLeafPlanner.Leaf::count).sum()).isEqualTo(20_000);
		for (SlsLeafPlanner.Leaf leaf : leaves) {
			assertThat(count(logs, leaf.range())).isEqualTo(leaf.count());
		}
		for (int i = 1; i < leaves.size(); i++) {
			assertThat(leaves.get(i).range().start()).isGreaterThanOrEqualTo(leaves.get(i - 1).range().end());
		}
	}

	@Test
	void splitsADenseSecondByNanoseconds() {
		NavigableMap<Long, Integer> logs = new TreeMap<>();
		for (int i = 0; i < 3_000; i++) {
			logs.put(T0 + 10 * S + i * 333_000L, 1);
		}

		List<SlsLeafPlanner.Leaf> leaves = plan(logs, T0, T0 + 60 * S, 99);

		assertThat(leaves).allSatisfy((leaf) -> assertThat(leaf.paged()).isFalse());
		assertThat(leaves).allSatisfy((leaf) -> assertThat(leaf.count()).isLessThanOrEqualTo(99));
		assertThat(leaves.stream().mapToLong(SlsLeafPlanner.Leaf::count).sum()).isEqualTo(3_000);
		assertThat(leaves).anySatisfy((leaf) -> assertThat(leaf.range().length()).isLessThan(S));
	}

	@Test
	void aNanosecondHoldingMoreThanAPageIsAPagedLeaf() {
		NavigableMap<Long, Integer> logs = new TreeMap<>();
		logs.put(T0 + 5 * S + 123, 150);
		logs.put(T0 + 7 * S, 3);

		List<SlsLeafPlanner.Leaf> leaves = plan(logs, T0, T0 + 60 * S, 99);

		assertThat(leaves).anySatisfy((leaf) -> {
			assertThat(leaf.paged()).isTrue();
			assertThat(leaf.count()).isEqualTo(150);
			assertThat(leaf.range().length()).isEqualTo(1);
		});
		assertThat(leaves.stream().mapToLong(SlsLeafPlanner.Leaf::count).sum()).isEqualTo(153);
	}

	@Test
	void continuesFromACursorAsARestartedReaderDoes() {
		NavigableMap<Long, Integer> logs = new TreeMap<>();
		for (int i = 0; i < 1_000; i++) {
			logs.put(T0 + i * 3 * S, 1);
		}
		List<SlsLeafPlanner.Leaf> all = plan(logs, T0, T0 + 3_600 * S, 99);
		long cursor = all.get(3).range().end();

		List<SlsLeafPlanner.Leaf> rest = plan(logs, cursor, T0 + 3_600 * S, 99);

		long before = all.subList(0, 4).stream().mapToLong(SlsLeafPlanner.Leaf::count).sum();
		assertThat(before + rest.stream().mapToLong(SlsLeafPlanner.Leaf::count).sum()).isEqualTo(1_000);
		assertThat(rest.get(0).range().start()).isGreaterThanOrEqualTo(cursor);
	}

	@Test
	void anEmptyWindowNeedsOneHistogramAndNoLeaf() {
		AtomicInteger requests = new AtomicInteger();
		SlsLeafPlanner planner = new SlsLeafPlanner((range) -> {
			requests.incrementAndGet();
			return histogram(new TreeMap<>(), range);
		}, 99, T0, T0 + 3_600 * S);

		assertThat(planner.next()).isNull();
		assertThat(requests).hasValue(1);
	}

	private static List<SlsLeafPlanner.Leaf> plan(NavigableMap<Long, Integer> logs, long from, long to, int max) {
		SlsLeafPlanner planner = new SlsLeafPlanner((range) -> histogram(logs, range), max, from, to);
		List<SlsLeafPlanner.Leaf> leaves = new ArrayList<>();
		SlsLeafPlanner.Leaf leaf;
		while ((leaf = planner.next()) != null) {
			leaves.add(leaf);
		}
		return leaves;
	}

	/** Like SLS: min(60, seconds) buckets on whole seconds; a range inside one second is one bucket. */
	static List<HistogramBucket> histogram(NavigableMap<Long, Integer> logs, NsRange range) {
		long from = range.fromSecond();
		long to = range.toNs() == 0 ? range.toSecond() : range.toSecond() + 1;
		long seconds = to - from;
		List<HistogramBucket> buckets = new ArrayList<>();
		if (seconds <= 1) {
			buckets.add(new HistogramBucket(from, to, count(logs, range)));
			return buckets;
		}
		int n = (int) Math.min(60, seconds);
		for (int i = 0; i < n; i++) {
			long a = from + seconds * i / n;
			long b = from + seconds * (i + 1) / n;
			long start = Math.max(range.start(), a * S);
			long end = Math.min(range.end(), b * S);
			buckets.add(new HistogramBucket(a, b, start < end ? count(logs, new NsRange(start, end)) : 0));
		}
		return buckets;
	}

	static long count(NavigableMap<Long, Integer> logs, NsRange range) {
		return logs.subMap(range.start(), true, range.end(), false).values().stream().mapToLong(Integer::longValue)
			.sum();
	}

}
