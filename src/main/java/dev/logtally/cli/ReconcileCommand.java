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
import dev.logtally.archive.Provenance;
import dev.logtally.reconcile.ArchiveReconciler;
import dev.logtally.reconcile.ArchiveReconciler.Reconciliation;
import dev.logtally.reconcile.ReconcileException;
import dev.logtally.reconcile.SourceAgreement;
import dev.logtally.reconcile.TextTable;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code logtally reconcile}: compares the archive's windows of a range with what each source counts now, one count
 * request per window, and with the verdict each window's export recorded: a window is trusted only when both agree.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Ask each source again for its count of every window of [from, to) and compare it with the "
				+ "records the archive's manifest says were read, and with the verdict the window's export recorded "
				+ "(EXPORTED AS).",
				"MATCHED (exported as MATCHED and the source counts what was read), UNCOUNTED (the legacy SCF API "
						+ "cannot count a window; its export was MATCHED), MISMATCH (with the difference: the source "
						+ "gained or lost logs after the export), MISSING (never exported) or EXPORTED_NOT_MATCHED "
						+ "(its export was MISMATCH, TRUNCATED or INCOMPLETE: its content is suspect whatever the counts "
						+ "say now). Reads no logs and writes nothing (unless --repair).",
				"Exit code 0 when every window is MATCHED or UNCOUNTED, 3 otherwise, 1 when a manifest cannot be read "
						+ "or trusted or a source cannot count a window." })
public final class ReconcileCommand extends JobCommand {

	private static final List<String> HEADER = List.of("SOURCE", "TARGET", "WINDOW ([start, end) in the job's zone)", "ARCHIVED",
			"SOURCE NOW", "DIFFERENCE", "VERDICT", "EXPORTED AS");

	@Mixin
	RangeOptions range = new RangeOptions();

	@Option(names = "--repair",
			description = "Export again every window that is not MATCHED or UNCOUNTED (MISMATCH, MISSING, "
					+ "EXPORTED_NOT_MATCHED), as one range from the first to the last of them, as new versions that "
					+ "keep what they replace; then reconcile again.")
	boolean repair;

	private Window window;

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

	/**
	 * Only a repair exports: a plain reconciliation leaves the job's metrics, whose last exit code is its last
	 * export's, as they are.
	 */
	@Override
	boolean publishesRun() {
		return this.repair;
	}

	/** Only a repair writes: a plain reconciliation reads the archive, which may be on read-only media. */
	@Override
	boolean writesArchive() {
		return this.repair;
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		List<Reconciliation> results = reconcile(spec, clients, archive, out, err);
		if (results == null) {
			return ExitCode.FAILED.code();
		}
		List<Reconciliation> untrusted = results.stream().filter((result) -> !result.agreement().trusted()).toList();
		if (!this.repair) {
			if (!untrusted.isEmpty()) {
				err.println("logtally: " + windows(untrusted.size()) + (untrusted.size() == 1 ? " is" : " are")
						+ " not MATCHED; reconcile --repair exports "
						+ (untrusted.size() == 1 ? "it" : "them") + " again");
			}
			return exitCode(results);
		}
		if (untrusted.isEmpty()) {
			out.println("Nothing to repair: every window is MATCHED, or UNCOUNTED and exported as MATCHED.");
			return exitCode(results);
		}
		Instant from = untrusted.stream().map((result) -> result.window().start()).min(Instant::compareTo).orElseThrow();
		Instant to = untrusted.stream().map((result) -> result.window().end()).max(Instant::compareTo).orElseThrow();
		Provenance provenance = new Provenance("reconcile --repair: " + windows(untrusted.size()) + " not MATCHED ("
				+ totals(untrusted) + ")", requestedBy(), this.clock.instant());
		out.println("Repairing [" + from + ", " + to + "):");
		int exported = inApplication(spec, clients, archive, err,
				(context) -> exportAndReport(context, spec, "reconcile --repair", new Window(from, to), provenance,
						out, err));
		if (exported != ExitCode.OK.code() && exported != ExitCode.UNRECONCILED.code()) {
			// Failed, busy, or stopped by a signal (130/143): the repair did not finish, so neither does the command.
			return exported;
		}
		out.println("After the repair:");
		List<Reconciliation> repaired = reconcile(spec, clients, archive, out, err);
		return repaired == null ? ExitCode.FAILED.code() : exitCode(repaired);
	}

	/**
	 * Reconciles the range and prints its table and totals.
	 * @return every window's reconciliation, or {@code null} when one could not be judged (the reason is printed)
	 */
	private @Nullable List<Reconciliation> reconcile(JobSpec spec, SourceClients clients, Archive archive,
			PrintWriter out, PrintWriter err) {
		List<Reconciliation> results;
		try {
			results = new ArchiveReconciler(archive, clients).reconcile(spec, this.window.start(), this.window.end());
		}
		catch (ReconcileException ex) {
			// A manifest that cannot be read or trusted, or a source that could not count: no verdict rather than a
			// wrong one.
			err.println("logtally: " + ex.getMessage());
			err.flush();
			return null;
		}
		if (out instanceof JsonConsole json) {
			results.forEach((result) -> json.event(
					result.agreement().trusted() ? JsonConsole.Level.INFO : JsonConsole.Level.WARN, line(result),
					fields(spec, result)));
			out.println(windows(results.size()) + ": " + totals(results));
			return results;
		}
		List<List<String>> rows = new ArrayList<>();
		for (Reconciliation result : results) {
			Long difference = result.difference();
			rows.add(List.of(result.source(), result.target(), result.window().bounds(spec.zone()),
					text(result.archived()), text(result.now()),
					difference == null ? "" : (difference > 0 ? "+" : "") + difference, result.agreement().name(),
					result.exportedAs() == null ? "" : result.exportedAs().name()));
		}
		out.print(TextTable.render(HEADER, rows, Set.of(3, 4, 5)));
		out.println(windows(results.size()) + ": " + totals(results));
		out.flush();
		return results;
	}

	/** A window's row as one line, for its JSON event: {@code MISMATCH scf/fn-a [start, end) archived=10 now=12}. */
	private static String line(Reconciliation result) {
		return result.agreement() + " " + result.source() + "/" + result.target() + " " + result.window() + " archived="
				+ text(result.archived()) + " now=" + text(result.now())
				+ (result.exportedAs() == null ? "" : " exported as " + result.exportedAs());
	}

	/** The row's cells as the JSON logs' fields, named as a window's export names them. */
	private static Map<String, Object> fields(JobSpec spec, Reconciliation result) {
		Map<String, Object> fields = new java.util.LinkedHashMap<>();
		fields.put("logtally.job", spec.name());
		fields.put("logtally.source", result.source());
		fields.put("logtally.target", result.target());
		fields.put("logtally.window.start", result.window().start().toString());
		fields.put("logtally.window.end", result.window().end().toString());
		fields.put("logtally.verdict", result.agreement().name());
		if (result.archived() != null) {
			fields.put("logtally.counts.archived", result.archived());
		}
		if (result.now() != null) {
			fields.put("logtally.counts.now", result.now());
		}
		if (result.difference() != null) {
			fields.put("logtally.counts.difference", result.difference());
		}
		if (result.exportedAs() != null) {
			fields.put("logtally.exportedAs", result.exportedAs().name());
		}
		return fields;
	}

	/** 0 when every window can be relied on (MATCHED, or UNCOUNTED and exported as MATCHED), else 3. */
	private static int exitCode(List<Reconciliation> results) {
		return results.stream().allMatch((result) -> result.agreement().trusted()) ? ExitCode.OK.code()
				: ExitCode.UNRECONCILED.code();
	}

	/** {@code 3 MATCHED, 1 MISMATCH}, in {@link SourceAgreement}'s order. */
	private static String totals(List<Reconciliation> results) {
		Map<SourceAgreement, Integer> byAgreement = new EnumMap<>(SourceAgreement.class);
		results.forEach((result) -> byAgreement.merge(result.agreement(), 1, Integer::sum));
		List<String> totals = new ArrayList<>();
		byAgreement.forEach((agreement, count) -> totals.add(count + " " + agreement));
		return String.join(", ", totals);
	}

	private static String windows(int count) {
		return count + (count == 1 ? " window" : " windows");
	}

	private static String text(@Nullable Long value) {
		return value == null ? "" : value.toString();
	}

}
