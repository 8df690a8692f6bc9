package dev.logtally.source;

import dev.logtally.tally.WindowCounts;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of a reader that cuts its window into <em>leaves</em> by a histogram and reads each
 * leaf whole, sorted, before handing any of it on (SLS, CLS), stored under a few named execution-context keys.
 * Positions are in the source's own unit (SLS: epoch nanoseconds; CLS: epoch milliseconds).
 *
 * <p>Both readers stored these keys alike before they shared this record, so checkpoints written before still load:
 * a key a checkpoint lacks takes its starting value.
 * @param cursor where planning continues: the end of the current leaf, or of the last one
 * @param leafStart the current leaf's start, or -1 when there is none
 * @param leafEnd the current leaf's end
 * @param leafCount the current leaf's count according to the histogram
 * @param leafPaged whether the current leaf is one unit of time holding more than a page
 * @param offset logs of the current leaf already handed to the step (in the leaf's sorted order)
 * @param attempt how many times the range at the cursor has been fetched, this time included: a leaf that is read
 *     again, or planned again because it outgrew a page, spends from one bound until the cursor moves past it
 * @param read logs handed to the step in the whole window
 * @param expected the histogram counts of finished leaves
 * @param drift how far finished leaves' logs differed from their counts on their last allowed read, how far a leaf's
 *     count had moved when a restart found it partly handed on, and how far the window's count disagreed with a
 *     second count of it
 * @param incomplete the counts of finished leaves whose query never completed (SLS)
 * @param missed logs of paged leaves beyond what the source lets a query reach (CLS)
 * @param done whether the window has been read to its end
 */
public record LeafReaderState(long cursor, long leafStart, long leafEnd, long leafCount, boolean leafPaged,
		int offset, int attempt, long read, long expected, long drift, long incomplete, long missed, boolean done) {

	public static final String CURSOR = "reader.cursor";

	public static final String LEAF = "reader.leaf";

	public static final String OFFSET = "reader.offset";

	public static final String DONE = "reader.done";

	public static final String ATTEMPT = "reader.attempt";

	public static LeafReaderState start(long windowStart) {
		return new LeafReaderState(windowStart, -1, 0, 0, false, 0, 1, 0, 0, 0, 0, 0, false);
	}

	public boolean hasLeaf() {
		return this.leafStart >= 0;
	}

	/** The current leaf, as the planner gave it. */
	public LeafReaderState withLeaf(long start, long end, long count, boolean paged) {
		return new LeafReaderState(end, start, end, count, paged, 0, this.attempt, this.read, this.expected,
				this.drift, this.incomplete, this.missed, false);
	}

	/**
	 * The current leaf's count as the histogram gives it now. If some of the leaf was handed on already (before a
	 * restart), those logs came from what the leaf held then: a change is drift, since they cannot be taken back.
	 */
	public LeafReaderState recounted(long count) {
		long moved = this.offset > 0 ? Math.abs(count - this.leafCount) : 0;
		return new LeafReaderState(this.cursor, this.leafStart, this.leafEnd, count, this.leafPaged, this.offset,
				this.attempt, this.read, this.expected, this.drift + moved, this.incomplete, this.missed, false);
	}

	/** One more fetch of the range at the cursor. */
	public LeafReaderState nextAttempt() {
		return new LeafReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset, this.attempt + 1, this.read, this.expected, this.drift, this.incomplete, this.missed,
				false);
	}

	/** Gives the current leaf, of which nothing was handed on, back to planning: planning continues at its start. */
	public LeafReaderState replanned() {
		return new LeafReaderState(this.leafStart, -1, 0, 0, false, 0, this.attempt, this.read, this.expected,
				this.drift, this.incomplete, this.missed, false);
	}

	public LeafReaderState consumed() {
		return new LeafReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset + 1, this.attempt, this.read + 1, this.expected, this.drift, this.incomplete, this.missed,
				false);
	}

	/**
	 * Closes the current leaf, read to its end: its count joins the expected count, with how far its logs differed
	 * from it.
	 * @param got the logs the leaf gave, within its range
	 * @param missed the logs of a paged leaf beyond what a query reaches: counted, not read, not drift
	 */
	public LeafReaderState leafRead(long got, long missed) {
		return new LeafReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected + this.leafCount,
				this.drift + Math.abs(got + missed - this.leafCount), this.incomplete, this.missed + missed, false);
	}

	/** Closes the current leaf, whose query never completed: its whole count is incomplete, none of it drift. */
	public LeafReaderState leafIncomplete() {
		return new LeafReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected + this.leafCount,
				this.drift, this.incomplete + this.leafCount, this.missed, false);
	}

	/** A second count of the whole window that differs from its leaves' by {@code difference}: drift. */
	public LeafReaderState drifted(long difference) {
		return new LeafReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset, this.attempt, this.read, this.expected, this.drift + difference, this.incomplete,
				this.missed, this.done);
	}

	public LeafReaderState finished() {
		return new LeafReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected, this.drift,
				this.incomplete, this.missed, true);
	}

	public void store(ExecutionContext context) {
		context.putLong(CURSOR, this.cursor);
		context.putString(LEAF, this.leafStart + ":" + this.leafEnd + ":" + this.leafCount + ":" + this.leafPaged);
		context.putInt(OFFSET, this.offset);
		context.putInt(ATTEMPT, this.attempt);
		context.putLong(WindowCounts.READ, this.read);
		context.putLong(WindowCounts.EXPECTED, this.expected);
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putLong(WindowCounts.INCOMPLETE, this.incomplete);
		context.putLong(WindowCounts.MISSED, this.missed);
		context.putString(DONE, Boolean.toString(this.done));
	}

	/** The state a checkpoint holds, or {@code null} when it holds none. */
	public static @Nullable LeafReaderState load(ExecutionContext context) {
		if (!context.containsKey(CURSOR)) {
			return null;
		}
		String[] leaf = context.getString(LEAF).split(":");
		if (leaf.length != 4) {
			throw new IllegalStateException("the checkpoint's " + LEAF + " is not start:end:count:paged: "
					+ context.getString(LEAF));
		}
		return new LeafReaderState(context.getLong(CURSOR), Long.parseLong(leaf[0]), Long.parseLong(leaf[1]),
				Long.parseLong(leaf[2]), Boolean.parseBoolean(leaf[3]), context.getInt(OFFSET),
				context.getInt(ATTEMPT, 1), context.getLong(WindowCounts.READ), context.getLong(WindowCounts.EXPECTED),
				context.getLong(WindowCounts.DRIFT), context.getLong(WindowCounts.INCOMPLETE, 0),
				context.getLong(WindowCounts.MISSED, 0), Boolean.parseBoolean(context.getString(DONE)));
	}

}
