package dev.logtally.source.rds;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.tally.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of an {@link RdsWindowReader}, stored under a few named execution-context keys.
 * @param offset listing rows handed to the step
 * @param total {@code total_record} as last reported, or -1 before the first page
 * @param attempt how many times the listing has been read from its start, this read included; {@link #UNKNOWN_ATTEMPT}
 *     for a checkpoint from before listings were read again, which is not read again
 * @param drift how much {@code total_record} changed between pages on the listing's last allowed read
 * @param filesExpected rows whose file this window archives
 * @param filesArchived those files on disk with their SHA-256 taken
 * @param sizeMismatches archived files whose size disagrees with the listing
 * @param mismatched the first few of those, named with their sizes
 */
record RdsReaderState(int offset, long total, int attempt, long drift, long filesExpected, long filesArchived,
		long sizeMismatches, List<String> mismatched, boolean done) {

	static final String OFFSET = "reader.offset";

	static final String TOTAL = "reader.total";

	static final String ATTEMPT = "reader.attempt";

	static final String DONE = "reader.done";

	static final int UNKNOWN_ATTEMPT = Integer.MAX_VALUE;

	static final RdsReaderState START = new RdsReaderState(0, -1, 1, 0, 0, 0, 0, List.of(), false);

	RdsReaderState {
		mismatched = List.copyOf(mismatched);
	}

	/**
	 * @param mismatch the file's name and sizes when this row's file is archived with a size that disagrees with the
	 *     listing, else {@code null}
	 */
	RdsReaderState consumed(boolean here, boolean archived, String mismatch) {
		List<String> named = this.mismatched;
		if (mismatch != null && named.size() < WindowCounts.FileCounts.NAMED) {
			named = new ArrayList<>(named);
			named.add(mismatch);
		}
		return new RdsReaderState(this.offset + 1, this.total, this.attempt, this.drift,
				this.filesExpected + (here ? 1 : 0), this.filesArchived + (archived ? 1 : 0),
				this.sizeMismatches + (mismatch != null ? 1 : 0), named, false);
	}

	/** Whether {@code total} differs from the listing's length on an earlier page of this read. */
	boolean movedTo(long total) {
		return this.total >= 0 && total != this.total;
	}

	RdsReaderState withTotal(long total) {
		return new RdsReaderState(this.offset, total, this.attempt,
				this.drift + (this.total < 0 ? 0 : Math.abs(total - this.total)), this.filesExpected,
				this.filesArchived, this.sizeMismatches, this.mismatched, false);
	}

	/** Starts the listing over: every row handed on is taken back, and it is read once more. */
	RdsReaderState reread() {
		return new RdsReaderState(0, -1, this.attempt + 1, this.drift, 0, 0, 0, List.of(), false);
	}

	RdsReaderState finished() {
		return new RdsReaderState(this.offset, this.total, this.attempt, this.drift, this.filesExpected,
				this.filesArchived, this.sizeMismatches, this.mismatched, true);
	}

	void store(ExecutionContext context) {
		context.putInt(OFFSET, this.offset);
		context.putLong(TOTAL, this.total);
		context.putInt(ATTEMPT, this.attempt);
		context.putString(DONE, Boolean.toString(this.done));
		context.putLong(WindowCounts.READ, this.offset);
		context.putLong(WindowCounts.EXPECTED, Math.max(this.total, 0));
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putLong(WindowCounts.MISSED, 0);
		context.putLong(WindowCounts.INCOMPLETE, 0);
		context.putLong(WindowCounts.FILES_EXPECTED, this.filesExpected);
		context.putLong(WindowCounts.FILES_ARCHIVED, this.filesArchived);
		context.putLong(WindowCounts.FILES_SIZE_MISMATCHES, this.sizeMismatches);
		context.put(WindowCounts.FILES_MISMATCHED, new ArrayList<>(this.mismatched));
	}

	@SuppressWarnings("unchecked")
	static RdsReaderState load(ExecutionContext context) {
		return new RdsReaderState(context.getInt(OFFSET), context.getLong(TOTAL),
				context.getInt(ATTEMPT, UNKNOWN_ATTEMPT), context.getLong(WindowCounts.DRIFT),
				context.getLong(WindowCounts.FILES_EXPECTED), context.getLong(WindowCounts.FILES_ARCHIVED),
				context.getLong(WindowCounts.FILES_SIZE_MISMATCHES),
				context.containsKey(WindowCounts.FILES_MISMATCHED)
						? (List<String>) context.get(WindowCounts.FILES_MISMATCHED) : List.of(),
				Boolean.parseBoolean(context.getString(DONE)));
	}

}
