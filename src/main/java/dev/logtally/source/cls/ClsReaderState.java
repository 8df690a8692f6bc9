package dev.logtally.source.cls;

import dev.logtally.tally.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of a {@link ClsWindowReader}, stored under a few named execution-context keys.
 * Positions are epoch milliseconds. No Context is kept: it expires after an hour, and a leaf is re-fetched whole.
 * @param cursor where planning continues: the end of the current leaf, or of the last one
 * @param leafStart the current leaf's start, or -1 when there is none
 * @param leafEnd the current leaf's end
 * @param leafCount the current leaf's count according to the histogram
 * @param leafPaged whether the current leaf is one millisecond holding more than a page
 * @param offset logs of the current leaf already handed to the step (in the leaf's sorted order)
 * @param attempt how many times the range at the cursor has been fetched, this time included: a leaf that is read
 *     again, or planned again because it outgrew a page, spends from one bound until the cursor moves past it
 * @param read logs handed to the step in the whole window
 * @param expected the histogram counts of finished leaves
 * @param drift how far finished leaves' logs differed from their counts on their last allowed read, and how far a
 *     leaf's count had moved when a restart found it partly handed on
 * @param missed logs of paged leaves beyond the 10,000 a Context reaches
 * @param done whether the window has been read to its end
 */
record ClsReaderState(long cursor, long leafStart, long leafEnd, long leafCount, boolean leafPaged, int offset,
		int attempt, long read, long expected, long drift, long missed, boolean done) {

	static final String CURSOR = "reader.cursor";

	static final String LEAF = "reader.leaf";

	static final String OFFSET = "reader.offset";

	static final String DONE = "reader.done";

	static final String ATTEMPT = "reader.attempt";

	/**
	 * The topic the position is on, stored beside the state by the reader: a function's topic is looked up per run and
	 * may differ after a restart, and an offset within a leaf means something only on the topic it was counted on.
	 */
	static final String TOPIC = "reader.topic";

	static ClsReaderState start(long windowStart) {
		return new ClsReaderState(windowStart, -1, 0, 0, false, 0, 1, 0, 0, 0, 0, false);
	}

	boolean hasLeaf() {
		return this.leafStart >= 0;
	}

	MsRange leafRange() {
		return new MsRange(this.leafStart, this.leafEnd);
	}

	ClsLeafPlanner.Leaf leaf() {
		return new ClsLeafPlanner.Leaf(leafRange(), this.leafCount, this.leafPaged);
	}

	ClsReaderState withLeaf(ClsLeafPlanner.Leaf leaf) {
		return new ClsReaderState(leaf.range().end(), leaf.range().start(), leaf.range().end(), leaf.count(),
				leaf.paged(), 0, this.attempt, this.read, this.expected, this.drift, this.missed, false);
	}

	/**
	 * The current leaf's count as the histogram gives it now. If some of the leaf was handed on already (before a
	 * restart), those logs came from what the leaf held then: a change is drift, since they cannot be taken back.
	 */
	ClsReaderState recounted(long count) {
		long moved = this.offset > 0 ? Math.abs(count - this.leafCount) : 0;
		return new ClsReaderState(this.cursor, this.leafStart, this.leafEnd, count, this.leafPaged, this.offset,
				this.attempt, this.read, this.expected, this.drift + moved, this.missed, false);
	}

	/** One more fetch of the range at the cursor. */
	ClsReaderState nextAttempt() {
		return new ClsReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset, this.attempt + 1, this.read, this.expected, this.drift, this.missed, false);
	}

	/** Gives the current leaf, of which nothing was handed on, back to planning: planning continues at its start. */
	ClsReaderState replanned() {
		return new ClsReaderState(this.leafStart, -1, 0, 0, false, 0, this.attempt, this.read, this.expected,
				this.drift, this.missed, false);
	}

	ClsReaderState consumed() {
		return new ClsReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset + 1, this.attempt, this.read + 1, this.expected, this.drift, this.missed, false);
	}

	/**
	 * Closes the current leaf: its count joins the expected count, with how far its logs differed from it.
	 * @param got the logs the leaf gave, within its range
	 * @param missed the logs of a paged leaf beyond what a Context reaches: counted, not read, not drift
	 */
	ClsReaderState leafDone(long got, long missed) {
		return new ClsReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected + this.leafCount,
				this.drift + Math.abs(got + missed - this.leafCount), this.missed + missed, false);
	}

	/** The window's count differs by {@code difference} from an independent count of it: drift. */
	ClsReaderState drifted(long difference) {
		return new ClsReaderState(this.cursor, this.leafStart, this.leafEnd, this.leafCount, this.leafPaged,
				this.offset, this.attempt, this.read, this.expected, this.drift + difference, this.missed, this.done);
	}

	ClsReaderState finished() {
		return new ClsReaderState(this.cursor, -1, 0, 0, false, 0, 1, this.read, this.expected, this.drift,
				this.missed, true);
	}

	void store(ExecutionContext context) {
		context.putLong(CURSOR, this.cursor);
		context.putString(LEAF, this.leafStart + ":" + this.leafEnd + ":" + this.leafCount + ":" + this.leafPaged);
		context.putInt(OFFSET, this.offset);
		context.putInt(ATTEMPT, this.attempt);
		context.putLong(WindowCounts.READ, this.read);
		context.putLong(WindowCounts.EXPECTED, this.expected);
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putLong(WindowCounts.MISSED, this.missed);
		context.putLong(WindowCounts.INCOMPLETE, 0);
		context.putString(DONE, Boolean.toString(this.done));
	}

	/** The state a checkpoint holds; keys a checkpoint may lack (attempt, missed) take their starting values. */
	static ClsReaderState load(ExecutionContext context) {
		String[] leaf = context.getString(LEAF).split(":");
		if (leaf.length != 4) {
			throw new IllegalStateException("the checkpoint's " + LEAF + " is not start:end:count:paged: "
					+ context.getString(LEAF));
		}
		return new ClsReaderState(context.getLong(CURSOR), Long.parseLong(leaf[0]), Long.parseLong(leaf[1]),
				Long.parseLong(leaf[2]), Boolean.parseBoolean(leaf[3]), context.getInt(OFFSET),
				context.getInt(ATTEMPT, 1), context.getLong(WindowCounts.READ), context.getLong(WindowCounts.EXPECTED),
				context.getLong(WindowCounts.DRIFT), context.getLong(WindowCounts.MISSED, 0),
				Boolean.parseBoolean(context.getString(DONE)));
	}

}
