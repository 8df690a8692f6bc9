package dev.logtally.tally;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * The verdict of one (source, target, window) with its counts: what every presentation of a run (table, reports,
 * metrics) says of the window.
 * @param counts the counts as committed: final when the window was read in full, the progress so far otherwise
 * @param failure why the window failed or could not be published, when it did; safe to print (names source, target
 *     and window, never secrets)
 */
public record WindowOutcome(String source, String target, Window window, WindowCounts counts, Verdict verdict,
		@Nullable String failure) {

	public static WindowOutcome exported(String source, String target, Window window, WindowCounts counts) {
		return new WindowOutcome(source, target, window, counts, counts.verdict(), null);
	}

	public static WindowOutcome failed(String source, String target, Window window, WindowCounts counts,
			String failure) {
		return new WindowOutcome(source, target, window, counts, Verdict.FAILED, failure);
	}

	/** The run was stopped while the window was read: {@code counts} are its progress so far. */
	public static WindowOutcome stopped(String source, String target, Window window, WindowCounts counts) {
		return new WindowOutcome(source, target, window, counts, Verdict.STOPPED, null);
	}

	/** The run ended before any of the window's records were kept. */
	public static WindowOutcome notStarted(String source, String target, Window window) {
		return new WindowOutcome(source, target, window, WindowCounts.NONE, Verdict.NOT_STARTED, null);
	}

	/**
	 * This window, read in full, as not published: the archive does not hold it, whatever its counts say.
	 * @param why what the store answered, or why publication is not known to have happened
	 */
	public WindowOutcome notPublished(String why) {
		if (!this.verdict.done()) {
			throw new IllegalStateException(this.verdict + " window cannot be published: " + line());
		}
		return new WindowOutcome(this.source, this.target, this.window, this.counts, Verdict.NOT_PUBLISHED, why);
	}

	/**
	 * The window's facts as structured log fields, under the {@code logtally.} namespace (Elastic Common Schema keeps
	 * {@code source} and others for its own field sets); a dot nests a field in the JSON logs. The same names in a
	 * window's log line and in its event of the final table.
	 */
	public Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("logtally.source", this.source);
		fields.put("logtally.target", this.target);
		fields.put("logtally.window.start", this.window.start().toString());
		fields.put("logtally.window.end", this.window.end().toString());
		fields.put("logtally.verdict", this.verdict.name());
		fields.put("logtally.counts.expected", this.counts.expected());
		fields.put("logtally.counts.read", this.counts.read());
		fields.put("logtally.counts.duplicates", this.counts.duplicates());
		fields.put("logtally.counts.written", this.counts.written());
		if (this.counts.files().expected() > 0) {
			fields.put("logtally.counts.files.expected", this.counts.files().expected());
			fields.put("logtally.counts.files.archived", this.counts.files().archived());
		}
		if (this.failure != null) {
			fields.put("logtally.failure", this.failure);
		}
		return fields;
	}

	/** One line for operators: where, the counts, the verdict. */
	public String line() {
		StringBuilder line = new StringBuilder();
		line.append(this.verdict).append(' ').append(this.source).append('/').append(this.target).append(' ')
			.append(this.window);
		// A window not read in full has no final count from its source yet: say what was done, not a misleading
		// expected=0.
		switch (this.verdict) {
			case FAILED -> {
				return progress(line).append(" so far: ").append(this.failure).toString();
			}
			case STOPPED -> {
				return progress(line).append(" so far; the same command resumes it").toString();
			}
			case NOT_STARTED -> {
				return line.append(": the run ended before it started; the same command exports it").toString();
			}
			case NOT_PUBLISHED -> {
				return line.append(" read ").append(this.counts.verdict()).append(' ').append(counts(new StringBuilder()))
					.append(" but not published: ").append(this.failure)
					// A failure that says what to do first (free space, fix a folder) says when to run again.
					.append(Remedy.of(this.failure) == Remedy.RESUME ? "; the same command publishes it" : "")
					.toString();
			}
			default -> line.append(' ');
		}
		counts(line);
		if (this.verdict == Verdict.INCOMPLETE) {
			line.append(" incomplete=").append(this.counts.incomplete())
				.append(" (the source never completed some queries within the bound)");
		}
		else if (this.verdict == Verdict.TRUNCATED) {
			line.append(" missing=").append(this.counts.missing()).append(" (beyond the source's offset cap)");
		}
		else if (this.verdict == Verdict.MISMATCH) {
			line.append(" difference=").append(this.counts.missing());
			if (this.counts.drift() != 0) {
				line.append(" (the source's count changed by ").append(this.counts.drift())
					.append(" while the window was read)");
			}
			if (!this.counts.files().complete()) {
				line.append(" files: ").append(this.counts.files().archived()).append(" of ")
					.append(this.counts.files().expected()).append(" archived, ")
					.append(this.counts.files().sizeMismatches()).append(" with a size that differs from the listing");
				if (!this.counts.files().mismatched().isEmpty()) {
					line.append(" however often fetched (").append(String.join("; ", this.counts.files().mismatched()))
						.append(this.counts.files().sizeMismatches() > this.counts.files().mismatched().size()
								? "; the manifest lists the others" : "")
						.append(')');
				}
			}
		}
		return line.toString();
	}

	private StringBuilder progress(StringBuilder line) {
		return line.append(" read=").append(this.counts.read()).append(" written=").append(this.counts.written());
	}

	/** {@code expected=... read=... duplicates=... written=...}, and the files a window archives whole. */
	private StringBuilder counts(StringBuilder line) {
		line.append("expected=")
			.append(this.counts.expected())
			.append(" read=")
			.append(this.counts.read())
			.append(" duplicates=")
			.append(this.counts.duplicates())
			.append(" written=")
			.append(this.counts.written());
		if (this.counts.files().expected() > 0) {
			line.append(" files=").append(this.counts.files().archived()).append('/').append(this.counts.files().expected());
		}
		return line;
	}

}
