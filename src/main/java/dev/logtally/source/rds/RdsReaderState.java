package dev.logtally.source.rds;

import dev.logtally.reconcile.WindowCounts;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The restart position and counts of an {@link RdsWindowReader}, stored under a few named execution-context keys.
 * @param offset listing rows handed to the step
 * @param total {@code total_record} as last reported, or -1 before the first page
 * @param drift how much {@code total_record} changed between pages
 * @param filesExpected rows whose file this window archives
 * @param filesArchived those files on disk with their SHA-256 taken
 * @param sizeMismatches archived files whose size disagrees with the listing
 */
record RdsReaderState(int offset, long total, long drift, long filesExpected, long filesArchived,
		long sizeMismatches, boolean done) {

	static final String OFFSET = "reader.offset";

	static final String TOTAL = "reader.total";

	static final String DONE = "reader.done";

	static final RdsReaderState START = new RdsReaderState(0, -1, 0, 0, 0, 0, false);

	RdsReaderState consumed(boolean here, boolean archived, boolean sizeMismatch) {
		return new RdsReaderState(this.offset + 1, this.total, this.drift, this.filesExpected + (here ? 1 : 0),
				this.filesArchived + (archived ? 1 : 0), this.sizeMismatches + (sizeMismatch ? 1 : 0), false);
	}

	RdsReaderState withTotal(long total) {
		return new RdsReaderState(this.offset, total, this.drift + (this.total < 0 ? 0 : Math.abs(total - this.total)),
				this.filesExpected, this.filesArchived, this.sizeMismatches, false);
	}

	RdsReaderState finished() {
		return new RdsReaderState(this.offset, this.total, this.drift, this.filesExpected, this.filesArchived,
				this.sizeMismatches, true);
	}

	void store(ExecutionContext context) {
		context.putInt(OFFSET, this.offset);
		context.putLong(TOTAL, this.total);
		context.putString(DONE, Boolean.toString(this.done));
		context.putLong(WindowCounts.READ, this.offset);
		context.putLong(WindowCounts.EXPECTED, Math.max(this.total, 0));
		context.putLong(WindowCounts.DRIFT, this.drift);
		context.putLong(WindowCounts.MISSED, 0);
		context.putLong(WindowCounts.INCOMPLETE, 0);
		context.putLong(WindowCounts.FILES_EXPECTED, this.filesExpected);
		context.putLong(WindowCounts.FILES_ARCHIVED, this.filesArchived);
		context.putLong(WindowCounts.FILES_SIZE_MISMATCHES, this.sizeMismatches);
	}

	static RdsReaderState load(ExecutionContext context) {
		return new RdsReaderState(context.getInt(OFFSET), context.getLong(TOTAL), context.getLong(WindowCounts.DRIFT),
				context.getLong(WindowCounts.FILES_EXPECTED), context.getLong(WindowCounts.FILES_ARCHIVED),
				context.getLong(WindowCounts.FILES_SIZE_MISMATCHES), Boolean.parseBoolean(context.getString(DONE)));
	}

}
