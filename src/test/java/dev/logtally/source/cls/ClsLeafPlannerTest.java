package dev.logtally.source.cls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner against histograms of a known set of logs (buckets rounded down to the interval, at most 200 of them):
 * leaves of at most a page that tile the window, a crowded millisecond paged, buckets that cannot be trusted halved
 * instead, and leaves split when CLS finds a query too large.
 */
class ClsLeafPlannerTest {

	private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

	private static final long HOUR = 3_600_000L;

	private static final ClsTarget TOPIC = new ClsTarget("t", "t-1", "*");

	@Test
	void everyLeafFitsAPageAndTheLeavesTileTheWindowExactly() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 25_000; i++) {
			topic.add(FakeClsTopic.log(T0 + (i * 7_919L) % HOUR, "", "", "m" + i));
		}

		List<ClsLeafPlanner.Leaf> leaves = plan(topic, T0, T0 + HOUR, 1000);

		assertThat(leaves).allSatisfy((leaf) -> {
			assertThat(leaf.count()).isBetween(1L, 1000L);
			assertThat(leaf.paged()).isFalse();
			assertThat(topic.histogram(TOPIC, leaf.range(), ClsApiClient.finestInterval(leaf.range())).totalCount())
				.isEqualTo(leaf.count());
		});
		assertThat(leaves.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum()).isEqualTo(25_000);
		for (int i = 1; i < leaves.size(); i++) {
			assertThat(leaves.get(i).range().start()).isGreaterThanOrEqualTo(leaves.get(i - 1).range().end());
		}
		assertThat(leaves.get(0).range().start()).isGreaterThanOrEqualTo(T0);
		assertThat(leaves.get(leaves.size() - 1).range().end()).isLessThanOrEqualTo(T0 + HOUR);
		// 25 leaves' worth of logs: merging keeps them few.
		assertThat(leaves.size()).isLessThan(60);
	}

	@Test
	void aMillisecondHoldingMoreThanAPageIsAPagedLeafAndItsNeighboursAreNot() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 2_500; i++) {
			topic.add(FakeClsTopic.log(T0 + 1_234_567, "", "", "m" + i));
		}
		topic.add(FakeClsTopic.log(T0 + 1_234_566, "", "", "before"));
		topic.add(FakeClsTopic.log(T0 + 1_234_568, "", "", "after"));

		List<ClsLeafPlanner.Leaf> leaves = plan(topic, T0, T0 + HOUR, 1000);

		assertThat(leaves).filteredOn(ClsLeafPlanner.Leaf::paged)
			.singleElement()
			.satisfies((leaf) -> {
				assertThat(leaf.range()).isEqualTo(new MsRange(T0 + 1_234_567, T0 + 1_234_568));
				assertThat(leaf.count()).isEqualTo(2_500);
			});
		assertThat(leaves.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum()).isEqualTo(2_502);
	}

	@Test
	void bucketsThatDoNotAddUpToTheRangesTotalAreNotTrustedAndTheRangeIsHalved() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 3_000; i++) {
			topic.add(FakeClsTopic.log(T0 + i * 1_000L, "", "", "m" + i));
		}
		List<MsRange> asked = new ArrayList<>();
		// An edge bucket that also counts a log outside the range, as CLS might.
		ClsLeafPlanner planner = new ClsLeafPlanner((range, interval) -> {
			asked.add(range);
			ClsHistogram real = topic.histogram(TOPIC, range, interval);
			List<ClsHistogram.Bucket> buckets = new ArrayList<>(real.buckets());
			if (!buckets.isEmpty()) {
				buckets.set(0, new ClsHistogram.Bucket(buckets.get(0).bTime(), buckets.get(0).count() + 1));
			}
			return new ClsHistogram(real.totalCount(), real.interval(), buckets);
		}, 1000, T0, T0 + HOUR);

		List<ClsLeafPlanner.Leaf> leaves = drain(planner);

		assertThat(leaves).allSatisfy((leaf) -> assertThat(leaf.count()).isBetween(1L, 1000L));
		assertThat(leaves.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum()).isEqualTo(3_000);
		assertThat(asked).contains(new MsRange(T0, T0 + HOUR / 2));
	}

	@Test
	void anEmptyBucketThatStartsAtTheRangesEndIsNotTakenForABucketThatFailsToTileIt() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 3_000; i++) {
			topic.add(FakeClsTopic.log(T0 + i * 1_000L, "", "", "m" + i));
		}
		List<MsRange> asked = new ArrayList<>();
		// CLS answers buckets up to and including the one holding To: for a range aligned to the interval, an empty
		// bucket starting at its end.
		ClsLeafPlanner planner = new ClsLeafPlanner((range, interval) -> {
			asked.add(range);
			ClsHistogram real = topic.histogram(TOPIC, range, interval);
			List<ClsHistogram.Bucket> buckets = new ArrayList<>(real.buckets());
			if (range.end() % interval == 0) {
				buckets.add(new ClsHistogram.Bucket(range.end(), 0));
			}
			return new ClsHistogram(real.totalCount(), real.interval(), buckets);
		}, 1000, T0, T0 + HOUR);

		List<ClsLeafPlanner.Leaf> leaves = drain(planner);

		assertThat(leaves.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum()).isEqualTo(3_000);
		assertThat(leaves).allSatisfy((leaf) -> assertThat(leaf.count()).isBetween(1L, 1000L));
		assertThat(asked).as("one histogram of the window is enough").containsExactly(new MsRange(T0, T0 + HOUR));
	}

	@Test
	void continuesFromACursorAsARestartedReaderDoes() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 5_000; i++) {
			topic.add(FakeClsTopic.log(T0 + i * 700L, "", "", "m" + i));
		}
		List<ClsLeafPlanner.Leaf> all = plan(topic, T0, T0 + HOUR, 400);
		long cursor = all.get(3).range().end();

		List<ClsLeafPlanner.Leaf> rest = plan(topic, cursor, T0 + HOUR, 400);

		assertThat(rest.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum())
			.isEqualTo(all.subList(4, all.size()).stream().mapToLong(ClsLeafPlanner.Leaf::count).sum());
		assertThat(rest.get(0).range().start()).isGreaterThanOrEqualTo(cursor);
	}

	@Test
	void splitsALeafCLSFindsTooLargeInTwoThatAreNotMergedAgain() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 10; i++) {
			topic.add(FakeClsTopic.log(T0 + i * 100_000L, "", "", "m" + i));
		}
		ClsLeafPlanner planner = new ClsLeafPlanner((range, interval) -> topic.histogram(TOPIC, range, interval), 1000,
				T0, T0 + HOUR);
		ClsLeafPlanner.Leaf whole = planner.next();
		assertThat(whole.count()).isEqualTo(10);

		assertThat(planner.splitTooLarge(whole)).isTrue();
		List<ClsLeafPlanner.Leaf> parts = drain(planner);

		assertThat(parts.stream().mapToLong(ClsLeafPlanner.Leaf::count).sum()).isEqualTo(10);
		assertThat(parts).allSatisfy((leaf) -> {
			assertThat(leaf.range().end() - leaf.range().start()).isLessThanOrEqualTo(whole.range().length() / 2 + 1);
			assertThat(leaf.alone()).isTrue();
		});
		assertThat(planner.splitTooLarge(new ClsLeafPlanner.Leaf(new MsRange(T0, T0 + 1), 3, false))).isFalse();
	}

	@Test
	void aWindowWithoutLogsHasNoLeaves() {
		assertThat(plan(new FakeClsTopic(1), T0, T0 + HOUR, 1000)).isEmpty();
	}

	private static List<ClsLeafPlanner.Leaf> plan(FakeClsTopic topic, long from, long to, int page) {
		return drain(new ClsLeafPlanner((range, interval) -> topic.histogram(TOPIC, range, interval), page, from, to));
	}

	private static List<ClsLeafPlanner.Leaf> drain(ClsLeafPlanner planner) {
		List<ClsLeafPlanner.Leaf> leaves = new ArrayList<>();
		ClsLeafPlanner.Leaf leaf;
		while ((leaf = planner.next()) != null) {
			leaves.add(leaf);
		}
		return leaves;
	}

}
