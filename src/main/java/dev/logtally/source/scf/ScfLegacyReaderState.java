package dev.logtally.source.scf;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.tally.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of a {@link ScfLegacyWindowReader}.
 *
 * <p>The position is a <em>cursor</em>, not an offset: newest-first pages shift down whenever a log arrives, so an
 * offset says little about which logs were handed on. The cursor does: every log of the window newer than
 * {@code cursorSecond}, and those of that second whose keys are in {@code cursorKeys}, have been handed on; anything
 * else the reader meets (again) is new to it.
 * @param located whether the window's first page has been found
 * @param offset where the next page is asked for (a page start; re-reading it is harmless)
 * @param cursorSecond the start second of the last log handed on, or the window's end before the first
 * @param cursorKeys the natural keys of the logs handed on in that second
 * @param attempt how many times the window has been read from its start, this read included;
 *     {@link #UNKNOWN_ATTEMPT} for a checkpoint from before windows were read again, which is not read again
 * @param read logs handed on
 * @param expected the window's logs by the listing's own offsets, once done
 * @param missed logs at most that an offset cap kept out of reach (0 unless the cap was hit)
 * @param drift how much the listing's length changed while the window's count was taken (0 when it held still)
 * @param done whether the window has been read to its start and counted
 */
record ScfLegacyReaderState(boolean located, int offset, long cursorSecond, List<String> cursorKeys, int attempt,
		long read, long expected, long missed, long drift, boolean done) {

	static final String LOCATED = "reader.located";

	static final String OFFSET = "reader.offset";

	static final String CURSOR_SECOND = "reader.cursorSecond";

	static final String CURSOR_KEYS = "reader.cursorKeys";

	static final String DONE = "reader.done";

	static final String ATTEMPT = "reader.attempt";

	static final int UNKNOWN_ATTEMPT = Integer.MAX_VALUE;

	static ScfLegacyReaderState start(long windowEndSecond) {
		return new ScfLegacyReaderState(false, 0, windowEndSecond, List.of(), 1, 0, 0, 0, 0, false);
	}

	/** Starts the window over: every log handed on is taken back, and it is read once more. */
	ScfLegacyReaderState reread(long windowEndSecond) {
		return new ScfLegacyReaderState(false, 0, windowEndSecond, List.of(), this.attempt + 1, 0, 0, 0, 0, false);
	}

	/** Whether this log was handed on already (newer than the cursor, or in its second and known). */
	boolean handed(long second, String key) {
		return second > this.cursorSecond || (second == this.cursorSecond && this.cursorKeys.contains(key));
	}

	ScfLegacyReaderState consumed(long second, String key) {
		List<String> keys = new ArrayList<>(second == this.cursorSecond ? this.cursorKeys : List.of());
		keys.add(key);
		return new ScfLegacyReaderState(this.located, this.offset, second, List.copyOf(keys), this.attempt,
				this.read + 1, 0, 0, 0, false);
	}

	ScfLegacyReaderState at(int offset) {
		return new ScfLegacyReaderState(true, offset, this.cursorSecond, this.cursorKeys, this.attempt, this.read, 0, 0,
				0, false);
	}

	/** Read to the window's start, and counted by the listing. */
	ScfLegacyReaderState counted(long expected, long drift) {
		return new ScfLegacyReaderState(this.located, this.offset, this.cursorSecond, this.cursorKeys, this.attempt,
				this.read, expected, 0, drift, true);
	}

	/** Stopped by the offset cap: at most {@code missed} of the window's logs were out of reach. */
	ScfLegacyReaderState truncated(long missed) {
		return new ScfLegacyReaderState(this.located, this.offset, this.cursorSecond, this.cursorKeys, this.attempt,
				this.read, this.read + missed, missed, 0, true);
	}

	void store(ExecutionContext context) {
		context.putString(LOCATED, Boolean.toString(this.located));
		context.putInt(OFFSET, this.offset);
		context.putLong(CURSOR_SECOND, this.cursorSecond);
		context.put(CURSOR_KEYS, new ArrayList<>(this.cursorKeys));
		context.putString(DONE, Boolean.toString(this.done));
		context.putInt(ATTEMPT, this.attempt);
		context.putLong(WindowCounts.READ, this.read);
		context.putLong(WindowCounts.EXPECTED, this.expected);
		context.putLong(WindowCounts.MISSED, this.missed);
		context.putLong(WindowCounts.DRIFT, this.drift);
	}

	@SuppressWarnings("unchecked")
	static ScfLegacyReaderState load(ExecutionContext context) {
		return new ScfLegacyReaderState(Boolean.parseBoolean(context.getString(LOCATED)), context.getInt(OFFSET),
				context.getLong(CURSOR_SECOND), List.copyOf((List<String>) context.get(CURSOR_KEYS)),
				context.getInt(ATTEMPT, UNKNOWN_ATTEMPT), context.getLong(WindowCounts.READ),
				context.getLong(WindowCounts.EXPECTED),
				context.getLong(WindowCounts.MISSED), context.getLong(WindowCounts.DRIFT),
				Boolean.parseBoolean(context.getString(DONE)));
	}

}
