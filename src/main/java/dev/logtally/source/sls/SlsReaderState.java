package dev.logtally.source.sls;

import dev.logtally.tally.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of an {@link SlsWindowReader}, stored under a few named execution-context keys.
 * Positions are epoch nanoseconds.
 * @param cursor where planning continues: the end of the current leaf, or of the last one
 * @param leafStart the current leaf's start, or -1 when there is none
 * @param leafEnd the current leaf's end
 * @param leafCount the current leaf's count according to the histogram
 * @param leafPaged whether the current leaf is one nanosecond holding more than a page
 * @param offset logs of the current leaf already handed to the step (in the leaf's sorted order)
 * @param attempt how many times the range at the cursor has been fetched, this time included: a leaf that is read
 *     again, or planned again because it outgrew a page, spends from one bound until the cursor moves past it
 * @param read logs handed to the step in the whole window
 * @param expected the histogram counts of finished leaves
 * @param drift how far finished leaves' pages differed from their counts on their last allowed read, and how far a
 *     leaf's count had moved when a restart found it partly handed on
 * @param incomplete the counts of finished leaves whose query never completed
 * @param done whether the window has been read to its end
 */
record SlsReaderState(long cursor, long leafStart, long leafEnd, long leafCount, boolean leafPaged, int offset,
		int attempt, long read, long expected, long drift, long incomplete, boolean done) {

	static final String CURSOR = "reader.cursor";

	static final String LEAF = "reader.leaf";

	static final String OFFSET = "reader.offset";

	static final String DONE = "reader.done";

	static final String ATTEMPT = "reader.attempt";

	static SlsReaderState start(long windowStart) {
		return new SlsReaderState(windowStart, -1, 0, 0, false, 0, 1, 0, 0, 0, 0, false);
	}

	boolean hasLeaf() {
		return this.leafStart >= 0;
	}

	NsRange leaf() {
		return new NsRange(this.leafStart, this.leafEnd);
	}

	SlsReaderState withLeaf(SlsLeafPlanner.Leaf leaf) {
		return new SlsReaderState(leaf.range().end(), leaf.range().start(), leaf.range().end(), leaf.count(),
				leaf.paged(), 0, this.attempt, this.read, this.expected, this.drift, this.incomplete, false);
	}

	/**
	 * The current leaf's count as the histogram gives it now. If some of the leaf was handed on already (before a
	 * restart), those logs came from what the leaf held then: a change is drift, since they cannot be taken back.
	 */
	SlsReaderState recounted(long count) {
		long moved = this.offset > 0 ? Math.abs(count - this.leafCount) : 0;
		return new SlsReaderState(this.cursor, this.leafStart, this.leafEnd, count, this.leafPaged, this.offset,
				this.attempt, this.read, this.expected, this.drift + moved, this.incomplete, false);
	}

	/** One more fetch of the range at the cursor. */
	SlsReaderState nextAttempt() {
		return new SlsReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset, this.attempt + 1, this.read, this.expected, this.drift, this.incomplete, false);
	}

	/** Gives the current leaf, of which nothing was handed on, back to planning: planning continues at its start. */
	SlsReaderState replanned() {
		return new SlsReaderState(this.leafStart, -1, 0, 0, false, 0, this.attempt, this.read, this.expected,
				this.drift, this.incomplete, false);
	}

	SlsReaderState consumed() {
		return new SlsReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset + 1, this.attempt, this.read + 1, this.expected, this.drift, this.incomplete, false);
	}

	/** Closes the current leaf: its count joins the expected count, with how far its page differed from it. */
	SlsReaderState leafDone(long got, boolean completed) {
		return new SlsReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected + this.leafCount,
				this.drift + (completed ? Math.abs(got - this.leafCount) : 0),
				this.incomplete + (completed ? 0 : this.leafCount), false);
	}

	SlsReaderState finished() {
		return new SlsReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected, this.drift,
				this.incomplete, true);
	}

	void store(ExecutionContext context) {
		context.putLong(CURSOR, this.cursor);
		context.putString(LEAF, this.leafStart + ":" + this.leafEnd + ":" + this.leafCount + ":" + this.leafPaged);
		context.putInt(OFFSET, this.offset);
		context.putInt(ATTEMPT, this.attempt);
		context.putLong(WindowCounts.READ, this.read);
		context.putLong(WindowCounts.EXPECTED, this.expected);
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putLong(WindowCounts.INCOMPLETE, this.incomplete);
		context.putLong(WindowCounts.MISSED, 0);
		context.putString(DONE, Boolean.toString(this.done));
	}

	static SlsReaderState load(ExecutionContext context) {
		String[] leaf = context.getString(LEAF).split(":");
		return new SlsReaderState(context.getLong(CURSOR), Long.parseLong(leaf[0]), Long.parseLong(leaf[1]),
				Long.parseLong(leaf[2]), Boolean.parseBoolean(leaf[3]), context.getInt(OFFSET),
				context.getInt(ATTEMPT, 1), context.getLong(WindowCounts.READ), context.getLong(WindowCounts.EXPECTED),
				context.getLong(WindowCounts.DRIFT), context.getLong(WindowCounts.INCOMPLETE),
				Boolean.parseBoolean(context.getString(DONE)));
	}

}
