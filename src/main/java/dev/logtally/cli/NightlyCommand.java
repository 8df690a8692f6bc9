package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.logtally.archive.Archive;
import dev.logtally.batch.HighWaterMarks;
import dev.logtally.batch.NightlyRun;
import dev.logtally.repository.JobDatabase;
import dev.logtally.scaleout.WorkerBroker;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code logtally nightly}: exports from the job's high-water mark to the last window that has settled. For cron,
 * systemd timers and Kubernetes CronJobs.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Export from the job's high-water mark up to now minus the settle delay, in whole windows.",
				"The first run starts at the spec's nightly.start. The mark moves over MATCHED windows only; missed "
						+ "nights are caught up, and a run that did not finish is resumed first. Exit codes as for "
						+ "export; 0 also when nothing has settled since the last run." })
public final class NightlyCommand extends JobCommand {

	public NightlyCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	NightlyCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Mixin
	WorkerOptions workerOptions = new WorkerOptions();

	@Option(names = "--dry-run",
			description = "Check as a run would, print the range it would take (from the high-water mark up to now "
					+ "minus the settle delay) and its windows with what the archive holds of each now, and exit 0 "
					+ "without exporting or recording a run.")
	boolean dryRun;

	private @Nullable WorkerBroker broker;

	@Override
	@Nullable String problem(JobSpec spec) {
		this.broker = this.workerOptions.broker(spec);
		if (spec.nightly() == null) {
			return spec.file() + ": nightly: is required for nightly runs (start: the first night's start, such as "
					+ "2026-11-01; settleDelay: how long a window must have ended, such as 2h)";
		}
		return null;
	}

	/** The last settled window of the longest length: any window serves to check endpoints and credentials. */
	@Override
	Window preflightRange(JobSpec spec) {
		return lastSettled(spec, this.clock.instant());
	}

	/** The last window of the longest length that a nightly run at {@code now} could export. */
	static Window lastSettled(JobSpec spec, Instant now) {
		Instant settled = NightlyRun.settledEnd(spec, now);
		Duration longest = spec.sources().stream().map(SourceSpec::window).max(Duration::compareTo).orElseThrow();
		return new Window(settled.minus(longest), settled);
	}

	/** A dry run is no night: the job's metrics keep the last real one's exit code. */
	@Override
	boolean publishesRun() {
		return !this.dryRun;
	}

	/**
	 * With {@code --dry-run}, the run ends after its checks, with the range it would take. The mark is read from the job
	 * repository, in the application; a job whose default repository does not exist yet has none, and nothing is
	 * created to find that out.
	 */
	@Override
	@Nullable Integer check(JobSpec spec, Preflight preflight, PrintWriter out, PrintWriter err) {
		Integer ended = super.check(spec, preflight, out, err);
		if (ended != null || !this.dryRun) {
			return ended;
		}
		AtomicReference<Optional<HighWaterMarks.State>> state = new AtomicReference<>(Optional.empty());
		JobDatabase database = new JobDatabase(preflight.home(), spec.name());
		if (this.repository.config != null || Files.exists(database.file()) || Files.exists(database.sharedFile())) {
			int code = inApplication(spec, preflight.clients(), preflight.archive(), err, (context) -> {
				state.set(context.getBean(HighWaterMarks.class).load(spec.name()));
				return ExitCode.OK.code();
			});
			if (code != ExitCode.OK.code()) {
				return code;
			}
		}
		Instant settled = NightlyRun.settledEnd(spec, this.clock.instant());
		Instant mark = state.get().map(HighWaterMarks.State::mark).orElse(spec.nightly().start());
		Instant pending = state.get().map(HighWaterMarks.State::pendingTo).orElse(null);
		Instant end = pending != null && pending.isAfter(settled) ? pending : settled;
		out.println("High-water mark: " + (state.get().isPresent() ? RunPlan.time(spec, mark)
				: "none yet (no nightly run); the first starts at nightly.start, " + RunPlan.time(spec, mark))
				+ ". Windows ending after " + RunPlan.time(spec, settled) + " wait for the settle delay ("
				+ spec.settleDelay() + ").");
		if (!mark.isBefore(end)) {
			out.println("Nothing to export: no window has settled since the high-water mark. Dry run: nothing was "
					+ "exported, no run was recorded.");
			out.flush();
			return ExitCode.OK.code();
		}
		if (pending != null) {
			out.println("An earlier nightly run did not finish " + RunPlan.range(spec, new Window(mark, pending))
					+ ": nightly resumes it first, and goes on only if every window of it is MATCHED.");
		}
		RunPlan plan = RunPlan.of(preflight, new Window(mark, end));
		out.println("nightly would export " + RunPlan.range(spec, plan.range()) + ":");
		plan.print(out);
		return ExitCode.OK.code();
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		return inApplication(spec, clients, archive, this.broker, this.workerOptions.workerTimeout, err,
				(context) -> report(context.getBean(NightlyRun.class)
					.run(spec, spec.nightly(), this.clock.instant(), requestedBy()), spec, out, err));
	}

	private int report(NightlyRun.Result result, JobSpec spec, PrintWriter out, PrintWriter err) {
		int code = ExitCode.OK.code();
		for (NightlyRun.Step step : result.steps()) {
			out.println("[" + step.from() + ", " + step.to() + ")"
					+ (step.resumed() ? ", resumed: an earlier nightly run did not finish it" : "") + ":");
			code = report(spec, "nightly", new Window(step.from(), step.to()), step.result(), result.mark(), out, err);
		}
		if (result.steps().isEmpty()) {
			out.println("Nothing to export: no window has settled since the high-water mark.");
		}
		// Also after a night with nothing to do: the mark's age is what a stale-export alert watches.
		this.metrics.highWaterMark(spec.name(), result.mark());
		out.println("High-water mark: " + result.mark() + ". Windows ending after " + result.settledEnd()
				+ " wait for the settle delay (" + spec.settleDelay() + ").");
		return code;
	}

}
