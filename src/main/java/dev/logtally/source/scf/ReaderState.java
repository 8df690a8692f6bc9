package dev.logtally.source.scf;

import dev.logtally.tally.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and the counts of a {@link ScfWindowReader}, stored under a few named execution-context keys.
 * @param slice index of the slice being read
 * @param offset logs of that slice already handed to the step
 * @param sliceTotal that slice's TotalCount as last reported, or -1 before its first page
 * @param attempt how many times the slice has been read from its start, this read included;
 *     {@link #UNKNOWN_ATTEMPT} for a checkpoint from before slices were read again, whose slice is not read again
 * @param read logs handed to the step in the whole window
 * @param expected the sum of finished slices' TotalCounts
 * @param missed logs finished slices held beyond the Offset+Limit cap
 * @param drift how much a slice's TotalCount changed between its pages on its last allowed read; offsets shift when
 *     it does, so a record may have been read twice and another skipped
 * @param done whether the window has been read to its end
 */
public record ReaderState(int slice, int offset, long sliceTotal, int attempt, long read, long expected, long missed,
		long drift, boolean done) {

	static final String PLAN = "reader.plan";

	static final String SLICE = "reader.slice";

	static final String OFFSET = "reader.offset";

	static final String SLICE_TOTAL = "reader.sliceTotal";

	static final String ATTEMPT = "reader.attempt";

	static final String DONE = "reader.done";

	static final int UNKNOWN_ATTEMPT = Integer.MAX_VALUE;

	static final ReaderState START = new ReaderState(0, 0, -1, 1, 0, 0, 0, 0, false);

	ReaderState consumed() {
		return new ReaderState(this.slice, this.offset + 1, this.sliceTotal, this.attempt, this.read + 1,
				this.expected, this.missed, this.drift, false);
	}

	/** Records a page's TotalCount; a change after the slice's first page is drift. */
	ReaderState withSliceTotal(long total) {
		long change = this.sliceTotal < 0 ? 0 : Math.abs(total - this.sliceTotal);
		return new ReaderState(this.slice, this.offset, total, this.attempt, this.read, this.expected, this.missed,
				this.drift + change, false);
	}

	/** Starts the slice over: the logs handed on from it are taken back, and it is read once more. */
	ReaderState rereadSlice() {
		return new ReaderState(this.slice, 0, -1, this.attempt + 1, this.read - this.offset, this.expected,
				this.missed, this.drift, false);
	}

	/** Closes the current slice: its TotalCount joins the expected count, and what the cap hid is counted. */
	ReaderState nextSlice() {
		long total = Math.max(this.sliceTotal, 0);
		long hidden = this.offset >= ScfSlicePlanner.CAP ? Math.max(0, total - this.offset) : 0;
		return new ReaderState(this.slice + 1, 0, -1, 1, this.read, this.expected + total, this.missed + hidden,
				this.drift, false);
	}

	ReaderState finished() {
		return new ReaderState(this.slice, this.offset, this.sliceTotal, this.attempt, this.read, this.expected,
				this.missed, this.drift, true);
	}

	void store(ExecutionContext context) {
		context.putInt(SLICE, this.slice);
		context.putInt(OFFSET, this.offset);
		context.putLong(SLICE_TOTAL, this.sliceTotal);
		context.putInt(ATTEMPT, this.attempt);
		context.putLong(WindowCounts.READ, this.read);
		context.putLong(WindowCounts.EXPECTED, this.expected);
		context.putLong(WindowCounts.MISSED, this.missed);
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putString(DONE, Boolean.toString(this.done));
	}

	static ReaderState load(ExecutionContext context) {
		return new ReaderState(context.getInt(SLICE), context.getInt(OFFSET), context.getLong(SLICE_TOTAL),
				context.getInt(ATTEMPT, UNKNOWN_ATTEMPT), context.getLong(WindowCounts.READ),
				context.getLong(WindowCounts.EXPECTED), context.getLong(WindowCounts.MISSED),
				context.getLong(WindowCounts.DRIFT), Boolean.parseBoolean(context.getString(DONE)));
	}

}
