package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.Archive;
import dev.logtally.batch.RunHistory;
import dev.logtally.batch.RunLock;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SpecNode;
import dev.logtally.source.SourceClients;
import dev.logtally.window.Window;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.repository.JobRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logtally prune}: deletes a job spec's finished runs older than an age from its job repository, which Spring
 * Batch otherwise keeps forever (a year's backfill of daily windows leaves one step execution per window). What
 * restart, nightly and {@code status} need is kept: see {@link RunHistory}. Runs under the job's run lock, so never
 * beside a run of the same spec; asks no source and touches no archive.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Delete the job spec's finished runs that ended more than --older-than ago from its job "
				+ "repository: their executions, step executions, contexts and parameters.",
				"Kept whatever their age: runs that are FAILED, STOPPED or left STARTED by a killed process (the same "
						+ "command or the next nightly run resumes them), and completed runs whose outcome was never "
						+ "reported. The archive, the run reports (what status shows) and the nightly high-water mark "
						+ "are not touched. A pruned range exported again is a new export of it.",
				"Exit code 0 when done (or nothing to prune), 2 for invalid input, 4 when a run of the spec is in "
						+ "progress." })
public final class PruneCommand extends JobCommand {

	@Option(names = "--older-than", required = true, paramLabel = "AGE",
			description = "Prune runs that ended more than this long ago: 90d, 36h, or ISO-8601 (P90D).")
	String olderThan;

	@Option(names = "--dry-run", description = "List what would be pruned and what is kept, and delete nothing.")
	boolean dryRun;

	private Duration age = Duration.ZERO;

	public PruneCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	PruneCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		Duration parsed = SpecNode.parseDuration(this.olderThan.strip());
		if (parsed == null || parsed.isNegative()) {
			return "--older-than " + this.olderThan + ": not an age (such as 90d, 36h or P90D)";
		}
		this.age = parsed;
		return null;
	}

	/** Asks no source: pruning reads and writes only the job repository. */
	@Override
	@Nullable Window preflightRange(JobSpec spec) {
		return null;
	}

	@Override
	boolean publishesRun() {
		return false;
	}

	@Override
	boolean writesArchive() {
		return false;
	}

	@Override
	boolean signsRuns() {
		return false;
	}

	/** Only the home, where the job repository and the log are: the archive is not touched. */
	@Override
	@Nullable Integer check(JobSpec spec, Preflight preflight, PrintWriter out, PrintWriter err) {
		String unusable = preflight.homeProblem();
		if (unusable != null) {
			err.println("logtally: " + unusable);
			err.flush();
			return Preflight.exitCode(unusable).code();
		}
		return null;
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		Instant cutoff = this.clock.instant().minus(this.age);
		return inApplication(spec, clients, archive, err, (context) -> {
			SimpleLock held = context.getBean(RunLock.class).acquire(spec.name());
			try {
				return prune(spec, new RunHistory(context.getBean(JobRepository.class)), cutoff, out);
			}
			finally {
				held.unlock();
			}
		});
	}

	private int prune(JobSpec spec, RunHistory history, Instant cutoff, PrintWriter out) {
		List<RunHistory.Run> runs = history.runs(spec.name());
		int pruned = 0;
		long steps = 0;
		int kept = 0;
		for (RunHistory.Run run : runs) {
			if (run.prunableBefore(cutoff)) {
				if (!this.dryRun) {
					history.prune(spec.name(), run);
				}
				out.println((this.dryRun ? "would prune " : "pruned ") + describe(spec, run));
				pruned++;
				steps += run.stepExecutions();
			}
			else if (run.ended() == null || run.ended().isBefore(cutoff)) {
				// Old enough, yet needed: say why; a recent run is simply not due.
				out.println("kept " + describe(spec, run) + ": " + run.keptBecause());
				kept++;
			}
			else {
				kept++;
			}
		}
		out.println((this.dryRun ? "Would prune " : "Pruned ") + pruned + (pruned == 1 ? " run" : " runs") + " ("
				+ steps + " step executions) of job " + spec.name() + " that ended before "
				+ RunPlan.time(spec, cutoff) + "; kept " + kept + ".");
		out.flush();
		return ExitCode.OK.code();
	}

	/** {@code run 12 [from, to) COMPLETED, ended 2026-..., 2 attempts}: how the reports and log lines name a run. */
	private static String describe(JobSpec spec, RunHistory.Run run) {
		return "run " + run.lastExecutionId() + " [" + RunPlan.time(spec, run.from()) + ", "
				+ RunPlan.time(spec, run.to()) + ") " + run.status()
				+ (run.ended() == null ? "" : ", ended " + RunPlan.time(spec, run.ended()))
				+ (run.attempts() == 1 ? "" : ", " + run.attempts() + " attempts");
	}

}
