package dev.logtally.tally;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The counts of one window's export, as its reader, duplicate filter and writer committed them.
 *
 * <p>These execution-context keys are the contract between every source's reader and reconciliation: a reader stores
 * {@value #EXPECTED}, {@value #READ}, {@value #MISSED}, {@value #DRIFT} and {@value #INCOMPLETE}; the duplicate
 * filter {@value #DUPLICATES};
 * the writer {@value #WRITTEN} and what describes its staging file ({@link Staging}).
 * @param expected the source's own count for the window
 * @param read records received from the source
 * @param duplicates records dropped because their natural key was already written
 * @param written records written to the archive
 * @param missed records a source cap kept out of reach
 * @param drift how much the source's count changed while the window was being paged: offsets shifted, so records may
 *     have been skipped even if the totals agree
 * @param incomplete records counted by the source that were not read because their query never completed
 * @param files the files the window archives whole (RDS audit logs): expected, archived, and whose size disagreed
 *     with their listing
 * @param staging the window's staging file as the writer last committed it: what publication must find there
 */
public record WindowCounts(long expected, long read, long duplicates, long written, long missed, long drift,
		long incomplete, FileCounts files, Staging staging) {

	public WindowCounts(long expected, long read, long duplicates, long written, long missed, long drift,
			long incomplete, FileCounts files) {
		this(expected, read, duplicates, written, missed, drift, incomplete, files, Staging.NONE);
	}

	/**
	 * A window's staging file at the writer's last commit ({@value #STAGED_BYTES}, {@value #STAGED_SHA256},
	 * {@value #STAGED_COLUMNS}).
	 * @param bytes its length
	 * @param sha256 the SHA-256 of those bytes, lowercase hex, when the file is published as it is (a CSV stored
	 *     uncompressed): publication then moves the file instead of reading it again; {@code null} otherwise
	 * @param columns for records with columns of their own (SLS), the file's columns in the order its rows hold them,
	 *     as they grew; empty otherwise
	 */
	public record Staging(long bytes, @Nullable String sha256, List<String> columns) {

		public static final Staging NONE = new Staging(0, null, List.of());

		public Staging {
			columns = List.copyOf(columns);
		}

		static Staging load(ExecutionContext context) {
			@SuppressWarnings("unchecked")
			List<String> columns = context.containsKey(STAGED_COLUMNS) ? (List<String>) context.get(STAGED_COLUMNS)
					: List.of();
			return new Staging(context.getLong(STAGED_BYTES, 0),
					context.containsKey(STAGED_SHA256) ? context.getString(STAGED_SHA256) : null, columns);
		}

	}

	/**
	 * @param expected files listed that this window archives
	 * @param archived files on disk with their SHA-256 taken
	 * @param sizeMismatches archived files whose byte count disagrees with the listed size, however often they were
	 *     fetched
	 * @param mismatched the first few of those, each as its name with its bytes and listed size, for operators
	 */
	public record FileCounts(long expected, long archived, long sizeMismatches, List<String> mismatched) {

		public static final FileCounts NONE = new FileCounts(0, 0, 0);

		/** How many files {@link #mismatched} names at most: the manifest lists every one. */
		public static final int NAMED = 5;

		public FileCounts {
			mismatched = List.copyOf(mismatched);
		}

		public FileCounts(long expected, long archived, long sizeMismatches) {
			this(expected, archived, sizeMismatches, List.of());
		}

		public boolean complete() {
			return this.archived == this.expected && this.sizeMismatches == 0;
		}

	}

	public static final String EXPECTED = "reader.expected";

	public static final String READ = "reader.read";

	public static final String MISSED = "reader.missed";

	public static final String DRIFT = "reader.drift";

	public static final String INCOMPLETE = "reader.incomplete";

	public static final String FILES_EXPECTED = "files.expected";

	public static final String FILES_ARCHIVED = "files.archived";

	public static final String FILES_SIZE_MISMATCHES = "files.sizeMismatches";

	public static final String FILES_MISMATCHED = "files.mismatched";

	public static final String DUPLICATES = "dedup.duplicates";

	public static final String WRITTEN = "writer.written";

	public static final String STAGED_BYTES = "writer.offset";

	public static final String STAGED_SHA256 = "writer.sha256";

	public static final String STAGED_COLUMNS = "writer.columns";

	public static final WindowCounts NONE = new WindowCounts(0, 0, 0, 0, 0, 0, 0, FileCounts.NONE);

	public static WindowCounts load(ExecutionContext context) {
		return new WindowCounts(context.getLong(EXPECTED, 0), context.getLong(READ, 0),
				context.getLong(DUPLICATES, 0), context.getLong(WRITTEN, 0), context.getLong(MISSED, 0),
				context.getLong(DRIFT, 0), context.getLong(INCOMPLETE, 0),
				new FileCounts(context.getLong(FILES_EXPECTED, 0), context.getLong(FILES_ARCHIVED, 0),
						context.getLong(FILES_SIZE_MISMATCHES, 0), mismatched(context)),
				Staging.load(context));
	}

	@SuppressWarnings("unchecked")
	private static List<String> mismatched(ExecutionContext context) {
		return context.containsKey(FILES_MISMATCHED) ? (List<String>) context.get(FILES_MISMATCHED) : List.of();
	}

	/**
	 * The verdict these counts deserve. A window is MATCHED only when the source's count was read in full, stayed the
	 * same while it was paged, and every record read was either written or dropped as a duplicate. A query that never
	 * completed makes the window INCOMPLETE, and a cap that hid records TRUNCATED, whatever else holds.
	 */
	public Verdict verdict() {
		if (this.incomplete > 0) {
			return Verdict.INCOMPLETE;
		}
		if (this.missed > 0) {
			return Verdict.TRUNCATED;
		}
		if (this.read != this.expected || this.written + this.duplicates != this.read || this.drift != 0
				|| !this.files.complete()) {
			return Verdict.MISMATCH;
		}
		return Verdict.MATCHED;
	}

	/** Records the source holds that are not in the archive (negative when more were read than counted). */
	public long missing() {
		return this.expected - this.read;
	}

}
