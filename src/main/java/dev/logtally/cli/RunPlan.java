package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logtally.archive.WindowState;
import dev.logtally.batch.WindowPartition;
import dev.logtally.reconcile.TextTable;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.window.Window;

/**
 * What a run of {@code [from, to)} would export, for {@code --dry-run}: every window of every source and target, as
 * the run plans them, with what the archive holds of it now. Reads the archive and its staging files; writes nothing.
 * @param windows the run's windows, in the run's order, each with its state in the archive
 */
record RunPlan(JobSpec spec, Window range, Map<WindowPartition, WindowState> windows) {

	/** Plans {@code range} as the run would and reads each window's state from the preflight's archive. */
	static RunPlan of(Preflight preflight, Window range) {
		Map<WindowPartition, WindowState> windows = new LinkedHashMap<>();
		for (WindowPartition partition : WindowPartition.plan(preflight.spec(), range.start(), range.end())) {
			windows.put(partition, WindowState.of(preflight.archive(), partition.source(), partition.target(),
					partition.window(), preflight.clients().source(partition.source()).layout()));
		}
		return new RunPlan(preflight.spec(), range, windows);
	}

	/** A time in the spec's zone, as the table shows it: {@code 2026-11-01T00:00:00+08:00}. */
	static String time(JobSpec spec, Instant instant) {
		return Window.local(instant, spec.zone());
	}

	/** {@code [2026-11-01T00:00:00+08:00, 2026-11-02T00:00:00+08:00)}. */
	static String range(JobSpec spec, Window window) {
		return "[" + time(spec, window.start()) + ", " + time(spec, window.end()) + ")";
	}

	/** Prints the table of windows and their counts by state. */
	void print(PrintWriter out) {
		List<List<String>> rows = new ArrayList<>();
		Map<String, Integer> byKind = new LinkedHashMap<>();
		this.windows.forEach((partition, state) -> {
			rows.add(List.of(partition.source(), partition.target(), time(this.spec, partition.window().start()),
					time(this.spec, partition.window().end()), state.describe()));
			byKind.merge(state.kind(), 1, Integer::sum);
		});
		out.print(TextTable.render(List.of("SOURCE", "TARGET", "START (" + this.spec.zone() + ")", "END",
				"IN THE ARCHIVE NOW"), rows, Set.of()));
		List<String> counts = new ArrayList<>();
		byKind.forEach((kind, count) -> counts.add(count + " " + kind));
		out.println(this.windows.size() + (this.windows.size() == 1 ? " window" : " windows") + " would run"
				+ (counts.isEmpty() ? "" : ": " + String.join(", ", counts)) + ". Dry run: nothing was exported, no "
				+ "run was recorded.");
		out.flush();
	}

}
