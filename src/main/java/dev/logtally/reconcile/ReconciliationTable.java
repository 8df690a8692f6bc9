package dev.logtally.reconcile;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;

/**
 * Renders the run's summary: one row per window with its counts and verdict, then one line of totals. A window that
 * was not read in full (FAILED, STOPPED, NOT_STARTED) shows its progress so far and no expected count: the source's
 * count of it is not known yet.
 */
public final class ReconciliationTable {

	private static final List<String> HEADER = List.of("SOURCE", "TARGET", "WINDOW ([start, end) in the job's zone)", "EXPECTED",
			"READ", "DUPLICATES", "WRITTEN", "VERDICT");

	private ReconciliationTable() {
	}

	/** @param zone the job's zone, in which windows are shown */
	public static String render(List<WindowOutcome> outcomes, ZoneId zone) {
		List<List<String>> rows = new ArrayList<>();
		for (WindowOutcome outcome : outcomes) {
			WindowCounts counts = outcome.counts();
			String verdict = switch (outcome.verdict()) {
				case TRUNCATED -> "TRUNCATED (" + counts.missing() + " missing)";
				case INCOMPLETE -> "INCOMPLETE (" + counts.incomplete() + " not read)";
				case MISMATCH -> "MISMATCH (" + mismatch(counts) + ")";
				case NOT_PUBLISHED -> "NOT_PUBLISHED (read " + counts.verdict() + ")";
				default -> outcome.verdict().name();
			};
			rows.add(List.of(outcome.source(), outcome.target(),
					outcome.window().bounds(zone),
					outcome.verdict().readInFull() ? Long.toString(counts.expected()) : "-",
					Long.toString(counts.read()), Long.toString(counts.duplicates()), Long.toString(counts.written()),
					verdict));
		}
		return TextTable.render(HEADER, rows, Set.of(3, 4, 5, 6)) + totals(outcomes) + System.lineSeparator();
	}

	/** {@code 12 windows: 11 MATCHED, 1 TRUNCATED; 12,345 records written}. */
	public static String totals(List<WindowOutcome> outcomes) {
		Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
		long written = 0;
		for (WindowOutcome outcome : outcomes) {
			byVerdict.merge(outcome.verdict(), 1, Integer::sum);
			written += outcome.counts().written();
		}
		List<String> parts = new ArrayList<>();
		byVerdict.forEach((verdict, count) -> parts.add(count + " " + verdict));
		return outcomes.size() + (outcomes.size() == 1 ? " window: " : " windows: ") + String.join(", ", parts)
				+ "; " + written + " records written";
	}

	private static String mismatch(WindowCounts counts) {
		List<String> parts = new ArrayList<>();
		long missing = counts.missing();
		if (missing != 0) {
			parts.add(missing > 0 ? missing + " missing" : -missing + " more than counted");
		}
		if (counts.drift() != 0) {
			parts.add("count changed by " + counts.drift() + " during read");
		}
		WindowCounts.FileCounts files = counts.files();
		if (files.sizeMismatches() > 0) {
			parts.add(files.sizeMismatches() + (files.sizeMismatches() == 1 ? " file's" : " files'")
					+ " size differs from the listing");
		}
		if (files.archived() != files.expected()) {
			parts.add(files.archived() + " of " + files.expected() + " files archived");
		}
		if (parts.isEmpty()) {
			parts.add(counts.written() + counts.duplicates() - counts.read() + " written beyond read");
		}
		return String.join(", ", parts);
	}

}
