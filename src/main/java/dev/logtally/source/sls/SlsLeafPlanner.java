package dev.logtally.source.sls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Cuts the rest of a window, one piece at a time, into <em>leaves</em>: ranges whose logs all fit in one
 * {@code GetLogs} page according to {@code GetHistograms}.
 *
 * <p>Why leaves: SLS orders a page only to the second (to the minute without {@code accurate}), so logs that tie come
 * back in a different order on every request, and offset paging across a tie repeats or skips logs. A leaf is read
 * with one request, its whole result at once, so no offset ever falls inside it.
 *
 * <p>Histogram buckets are refined top-down: a bucket above the page is asked for its own buckets (a minute into
 * seconds); a range the histogram will not split further is halved (on whole seconds, then on nanoseconds, which
 * SLS takes as {@code fromNs}/{@code toNs}); a single nanosecond that still holds more than a page is a
 * <em>paged</em> leaf, read with offsets as a last resort. Adjacent small buckets are merged into one leaf. Only the
 * buckets still ahead are kept, in memory; a restarted reader asks again from where it stopped.
 */
final class SlsLeafPlanner {

	/** A range with the count the histogram gave it. */
	record Leaf(NsRange range, long count, boolean paged) {
	}

	private final Function<NsRange, List<HistogramBucket>> histogram;

	private final int maxPerLeaf;

	private final long end;

	private final Deque<Leaf> pending = new ArrayDeque<>();

	private long cursor;

	/**
	 * @param histogram the source's buckets for a range
	 * @param maxPerLeaf the most logs a leaf may hold: one less than a page, so that a full page reveals more logs than
	 *     counted
	 */
	SlsLeafPlanner(Function<NsRange, List<HistogramBucket>> histogram, int maxPerLeaf, long cursor, long end) {
		this.histogram = histogram;
		this.maxPerLeaf = maxPerLeaf;
		this.cursor = cursor;
		this.end = end;
	}

	/** The next leaf that holds logs, or {@code null} when the window has no more. */
	@Nullable Leaf next() {
		while (true) {
			if (this.pending.isEmpty()) {
				if (this.cursor >= this.end) {
					return null;
				}
				this.pending.addAll(buckets(new NsRange(this.cursor, this.end)));
			}
			Leaf head = this.pending.pollFirst();
			if (head.paged()) {
				this.cursor = head.range().end();
				return head;
			}
			if (head.count() > this.maxPerLeaf) {
				List<Leaf> parts = split(head);
				for (int i = parts.size() - 1; i >= 0; i--) {
					this.pending.addFirst(parts.get(i));
				}
				continue;
			}
			Leaf leaf = head;
			while (!this.pending.isEmpty() && !this.pending.peekFirst().paged()
					&& leaf.count() + this.pending.peekFirst().count() <= this.maxPerLeaf) {
				Leaf next = this.pending.pollFirst();
				leaf = new Leaf(new NsRange(leaf.range().start(), next.range().end()), leaf.count() + next.count(),
						false);
			}
			this.cursor = leaf.range().end();
			if (leaf.count() > 0 || leaf.paged()) {
				return leaf;
			}
		}
	}

	/** A range above the page: its own buckets, or halves, or, for one nanosecond, a paged leaf. */
	private List<Leaf> split(Leaf big) {
		NsRange range = big.range();
		List<Leaf> buckets = buckets(range);
		if (buckets.size() > 1) {
			return buckets;
		}
		long count = buckets.isEmpty() ? big.count() : buckets.get(0).count();
		if (range.length() == 1) {
			return List.of(new Leaf(range, count, count > this.maxPerLeaf));
		}
		long middle = halfway(range);
		List<Leaf> halves = new ArrayList<>();
		halves.addAll(buckets(new NsRange(range.start(), middle)));
		halves.addAll(buckets(new NsRange(middle, range.end())));
		return halves;
	}

	/** Halves on whole seconds while the range spans more than one, then on nanoseconds. */
	private static long halfway(NsRange range) {
		long seconds = range.toSecond() - range.fromSecond() + (range.toNs() > 0 ? 1 : 0);
		if (seconds > 1) {
			long middleSecond = range.fromSecond() + (seconds + 1) / 2;
			long middle = middleSecond * 1_000_000_000L;
			if (middle > range.start() && middle < range.end()) {
				return middle;
			}
		}
		return range.start() + range.length() / 2;
	}

	/** The histogram of a range as leaves, clipped to the range; one leaf with the total if the buckets do not tile it. */
	private List<Leaf> buckets(NsRange range) {
		List<HistogramBucket> buckets = this.histogram.apply(range);
		List<Leaf> leaves = new ArrayList<>(buckets.size());
		long expectedStart = range.start();
		long total = 0;
		boolean tiles = !buckets.isEmpty();
		for (HistogramBucket bucket : buckets) {
			long start = Math.max(range.start(), bucket.from() * 1_000_000_000L);
			long stop = Math.min(range.end(), bucket.to() * 1_000_000_000L);
			total += bucket.count();
			if (start != expectedStart || stop <= start) {
				tiles = false;
			}
			else {
				leaves.add(new Leaf(new NsRange(start, stop), bucket.count(), false));
			}
			expectedStart = stop;
		}
		if (!tiles || expectedStart != range.end()) {
			return List.of(new Leaf(range, total, false));
		}
		return leaves;
	}

	/**
	 * Plans {@code leaf} again before anything else: its logs outgrew a page after it was planned (logs arrived in
	 * it), so it is split as a bucket above the page is.
	 */
	void again(Leaf leaf) {
		this.pending.addFirst(leaf);
	}

	long cursor() {
		return this.cursor;
	}

}
