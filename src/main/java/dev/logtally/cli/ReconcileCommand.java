package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.Provenance;
import dev.logtally.batch.ExportLauncher;
import dev.logtally.http.SourceException;
import dev.logtally.reconcile.ArchiveReconciler;
import dev.logtally.reconcile.ArchiveReconciler.Reconciliation;
import dev.logtally.reconcile.ArchiveReconciler.Verdict;
import dev.logtally.reconcile.TextTable;
import dev.logtally.source.SourceClients;
import dev.logtally.spec.JobSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code logtally reconcile}: compares the archive's windows of a range with what each source counts now, one count
 * request per window.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Ask each source again for its count of every window of [from, to) and compare it with the "
				+ "records the archive's manifest says were read.",
				"MATCHED, MISMATCH (with the difference: the source gained or lost logs after the export), MISSING "
						+ "(never exported) or UNCOUNTED (the legacy SCF API cannot count a window). Reads no logs and "
						+ "writes nothing (unless --repair). Exit code 0 when every window matches, 3 otherwise." })
public final class ReconcileCommand extends JobCommand {

	private static final List<String> HEADER = List.of("SOURCE", "TARGET", "WINDOW (UTC, [start, end))", "ARCHIVED",
			"SOURCE NOW", "DIFFERENCE", "VERDICT", "EXPORTED AS");

	@Mixin
	RangeOptions range = new RangeOptions();

	@Option(names = "--repair",
			description = "Export again the windows that differ or are missing (as one range from the first to the "
					+ "last of them), as new versions that keep what they replace; then reconcile again.")
	boolean repair;

	private Window window;

	private List<Reconciliation> last = List.of();

	public ReconcileCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ReconcileCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		this.window = this.range.parse(spec.zone());
		return this.range.problem(this.window, this.clock);
	}

	@Override
	Window preflightRange(JobSpec spec) {
		return this.window;
	}

	/** Only a repair writes: a plain reconciliation reads the archive, which may be on read-only media. */
	@Override
	boolean writesArchive() {
		return this.repair;
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		int code = reconcile(spec, clients, archive, out, err);
		if (!this.repair || code != ExitCode.UNRECONCILED.code()) {
			return code;
		}
		List<Reconciliation> differing = this.last.stream()
			.filter((result) -> result.verdict() == Verdict.MISMATCH || result.verdict() == Verdict.MISSING)
			.toList();
		Instant from = differing.stream().map((result) -> result.window().start()).min(Instant::compareTo).orElseThrow();
		Instant to = differing.stream().map((result) -> result.window().end()).max(Instant::compareTo).orElseThrow();
		Provenance provenance = new Provenance("reconcile --repair: " + differing.size() + " windows differed from "
				+ "their source", requestedBy(), this.clock.instant());
		out.println("Repairing [" + from + ", " + to + "):");
		int exported = inApplication(spec, clients, archive, err,
				(context) -> report(spec, "reconcile --repair", new Window(from, to),
						context.getBean(ExportLauncher.class).run(spec, from, to, provenance), null, out, err));
		if (exported == ExitCode.FAILED.code() || exported == ExitCode.BUSY.code()) {
			return exported;
		}
		out.println("After the repair:");
		return reconcile(spec, clients, archive, out, err);
	}

	private int reconcile(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		List<Reconciliation> results;
		try {
			results = new ArchiveReconciler(archive, clients).reconcile(spec, this.window.start(), this.window.end());
		}
		catch (SourceException | ArchiveStoreException | IllegalStateException | java.io.UncheckedIOException ex) {
			// A source that stopped answering, an archive that cannot be read or a manifest that is not one.
			err.println("logtally: " + ex.getMessage());
			return ExitCode.FAILED.code();
		}
		this.last = results;
		List<List<String>> rows = new ArrayList<>();
		Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
		for (Reconciliation result : results) {
			byVerdict.merge(result.verdict(), 1, Integer::sum);
			Long difference = result.difference();
			rows.add(List.of(result.source(), result.target(), result.window().start() + " " + result.window().end(),
					text(result.archived()), text(result.now()),
					difference == null ? "" : (difference > 0 ? "+" : "") + difference, result.verdict().name(),
					result.archivedVerdict() == null ? "" : result.archivedVerdict()));
		}
		out.print(TextTable.render(HEADER, rows, Set.of(3, 4, 5)));
		List<String> totals = new ArrayList<>();
		byVerdict.forEach((verdict, count) -> totals.add(count + " " + verdict));
		out.println(results.size() + " windows: " + String.join(", ", totals));
		out.flush();
		return results.stream().allMatch((result) -> result.verdict() == Verdict.MATCHED) ? ExitCode.OK.code()
				: ExitCode.UNRECONCILED.code();
	}

	private static String text(@Nullable Long value) {
		return value == null ? "" : value.toString();
	}

}
