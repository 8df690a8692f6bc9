package dev.logtally.source.cls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * Cuts the rest of a window, one piece at a time, into <em>leaves</em>: ranges whose logs all fit in one
 * {@code SearchLog} answer (at most a page) according to {@code DescribeLogHistogram}.
 *
 * <p>Why leaves: a {@code SearchLog} Context reaches at most 10,000 logs and expires after an hour, and CLS does not say
 * how logs of one millisecond are ordered. A leaf is read with one request, its whole result at once, so no cursor
 * ever falls inside it and its logs can be sorted before any is handed on.
 *
 * <p>Histogram buckets are refined top-down, each time with the finest interval CLS allows (at most 200 buckets, at
 * least a millisecond): a bucket above the page is asked for its own buckets; a range whose buckets cannot be trusted
 * (they do not tile it, or do not add up to its {@code TotalCount}) is halved; a single millisecond that still holds
 * more than a page is a <em>paged</em> leaf, read with Context pages as a last resort. Adjacent small buckets are
 * merged into one leaf. Only the buckets still ahead are kept, in memory; a restarted reader asks again from where it
 * stopped.
 */
final class ClsLeafPlanner {

	/**
	 * A range with the count the histogram gave it.
	 * @param paged one millisecond holding more than a page: read with Context pages
	 * @param alone split because CLS found its query too large: never merged with its neighbours again
	 */
	record Leaf(MsRange range, long count, boolean paged, boolean alone) {

		Leaf(MsRange range, long count, boolean paged) {
			this(range, count, paged, false);
		}

	}

	private final BiFunction<MsRange, Long, ClsHistogram> histogram;

	private final int maxPerLeaf;

	private final long end;

	private final Deque<Leaf> pending = new ArrayDeque<>();

	private long cursor;

	/**
	 * @param histogram the source's histogram of a range, with buckets of the given interval (milliseconds)
	 * @param maxPerLeaf the most logs a leaf may hold: a page
	 * @param cursor where planning starts, epoch milliseconds
	 * @param end the window's end, epoch milliseconds
	 */
	ClsLeafPlanner(BiFunction<MsRange, Long, ClsHistogram> histogram, int maxPerLeaf, long cursor, long end) {
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
				this.pending.addAll(buckets(new MsRange(this.cursor, this.end), false));
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
			while (!leaf.alone() && !this.pending.isEmpty() && !this.pending.peekFirst().paged()
					&& !this.pending.peekFirst().alone()
					&& leaf.count() + this.pending.peekFirst().count() <= this.maxPerLeaf) {
				Leaf next = this.pending.pollFirst();
				leaf = new Leaf(new MsRange(leaf.range().start(), next.range().end()), leaf.count() + next.count(),
						false);
			}
			this.cursor = leaf.range().end();
			if (leaf.count() > 0) {
				return leaf;
			}
		}
	}

	/** A range above the page: its own buckets, or halves, or, for one millisecond, a paged leaf. */
	private List<Leaf> split(Leaf big) {
		MsRange range = big.range();
		if (range.length() == 1) {
			return List.of(new Leaf(range, big.count(), true, big.alone()));
		}
		List<Leaf> buckets = buckets(range, big.alone());
		if (buckets.size() > 1) {
			return buckets;
		}
		return halves(range, big.alone());
	}

	private List<Leaf> halves(MsRange range, boolean alone) {
		long middle = range.start() + range.length() / 2;
		List<Leaf> halves = new ArrayList<>();
		halves.addAll(buckets(new MsRange(range.start(), middle), alone));
		halves.addAll(buckets(new MsRange(middle, range.end()), alone));
		return halves;
	}

	/**
	 * The histogram of a range at the finest interval, as leaves clipped to the range (a period without a bucket holds
	 * no logs); one leaf with the range's {@code TotalCount} when the buckets do not tile it or do not add up to it.
	 * CLS rounds bucket starts down to the interval, so the first bucket may start before the range: whether it then
	 * counts logs outside the range is not documented, and the sum against {@code TotalCount} is what catches it.
	 */
	private List<Leaf> buckets(MsRange range, boolean alone) {
		ClsHistogram answer = this.histogram.apply(range, ClsApiClient.finestInterval(range));
		long interval = answer.interval() > 0 ? answer.interval() : ClsApiClient.finestInterval(range);
		List<ClsHistogram.Bucket> buckets = new ArrayList<>(answer.buckets());
		buckets.sort(Comparator.comparingLong(ClsHistogram.Bucket::bTime));
		List<Leaf> leaves = new ArrayList<>(buckets.size());
		long expectedStart = range.start();
		long total = 0;
		boolean tiles = true;
		for (ClsHistogram.Bucket bucket : buckets) {
			if (bucket.bTime() >= range.end() && bucket.count() == 0) {
				// CLS answers buckets up to the one holding To: an empty one starting at the end holds nothing here.
				continue;
			}
			long start = Math.max(range.start(), bucket.bTime());
			long stop = Math.min(range.end(), bucket.bTime() + interval);
			total += bucket.count();
			if (start < expectedStart || stop <= start) {
				tiles = false;
				break;
			}
			if (start > expectedStart) {
				leaves.add(new Leaf(new MsRange(expectedStart, start), 0, false, alone));
			}
			leaves.add(new Leaf(new MsRange(start, stop), bucket.count(), false, alone));
			expectedStart = stop;
		}
		if (!tiles || total != answer.totalCount()) {
			return List.of(new Leaf(range, answer.totalCount(), false, alone));
		}
		if (expectedStart < range.end()) {
			leaves.add(new Leaf(new MsRange(expectedStart, range.end()), 0, false, alone));
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

	/**
	 * Splits {@code leaf} in two, whatever its count, because CLS found its query too large; neither half is merged
	 * with anything again.
	 * @return {@code false} when the leaf is one millisecond and cannot be split
	 */
	boolean splitTooLarge(Leaf leaf) {
		if (leaf.range().length() == 1) {
			return false;
		}
		List<Leaf> halves = halves(leaf.range(), true);
		for (int i = halves.size() - 1; i >= 0; i--) {
			this.pending.addFirst(halves.get(i));
		}
		return true;
	}

	long cursor() {
		return this.cursor;
	}

}
