package dev.logtally.jobspec;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How many of a job's run reports its home keeps ({@code reports.keep}): the newest {@code count} runs' reports, or
 * those of runs that finished within {@code age}; neither keeps every report, as before the field existed. The newest
 * report is always kept, and the archive is never pruned by logtally.
 * @param count how many runs' reports to keep, or {@code null}
 * @param age how old a run's report may get, or {@code null}
 */
public record ReportsSpec(@Nullable Integer count, @Nullable Duration age) {

	/** Every report is kept: the default. */
	public static final ReportsSpec KEEP_ALL = new ReportsSpec(null, null);

	public boolean keepsAll() {
		return this.count == null && this.age == null;
	}

}
