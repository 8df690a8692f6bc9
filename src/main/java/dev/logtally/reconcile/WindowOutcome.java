package dev.logtally.reconcile;

import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * The verdict of one (source, target, window) with its counts.
 * @param failure why the window failed, when it did; safe to print (names source, target and window, never secrets)
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

	/** One line for operators: where, the counts, the verdict. */
	public String line() {
		StringBuilder line = new StringBuilder();
		line.append(this.verdict).append(' ').append(this.source).append('/').append(this.target).append(' ')
			.append(this.window);
		if (this.verdict == Verdict.FAILED) {
			// A failed window has no final count from its source yet: say what was done, not a misleading expected=0.
			return line.append(" read=").append(this.counts.read()).append(" written=").append(this.counts.written())
				.append(" so far: ").append(this.failure).toString();
		}
		line.append(" expected=")
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

}
