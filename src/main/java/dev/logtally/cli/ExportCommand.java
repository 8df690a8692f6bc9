package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.logtally.archive.Archive;
import dev.logtally.archive.Provenance;
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
 * {@code logtally export}: exports {@code [from, to)} window by window and reconciles each window against its source.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Export [from, to) window by window and reconcile every window with its source.",
				"Exports every source and target of the job spec. Running the same command again after a crash "
						+ "resumes the interrupted run; after a finished run it exports the range again." })
public class ExportCommand extends JobCommand {

	@Mixin
	RangeOptions range = new RangeOptions();

	@Option(names = "--reason", paramLabel = "TEXT",
			description = "Why the range is exported, recorded in every window this run replaces with new content "
					+ "(the version it replaces is kept). Default: export.")
	String reason = "export";

	@Option(names = "--dry-run",
			description = "Check as a run would (sources, destination, home), print the windows it would export with "
					+ "what the archive holds of each now, and exit 0 without exporting or recording a run.")
	boolean dryRun;

	@Mixin
	WorkerOptions workerOptions = new WorkerOptions();

	@Nullable WorkerBroker broker;

	Instant start;

	Instant end;

	/** The run's provenance, once it started. */
	@Nullable Provenance provenance;

	public ExportCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ExportCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		Window window = this.range.parse(spec.zone());
		this.start = window.start();
		this.end = window.end();
		String problem = this.range.problem(window, this.clock);
		this.broker = this.workerOptions.broker(spec);
		return problem != null ? problem : settleProblem(spec, this.end);
	}

	@Override
	Window preflightRange(JobSpec spec) {
		return new Window(this.start, this.end);
	}

	/** A dry run is no run: the job's metrics keep the last real one's exit code. */
	@Override
	boolean publishesRun() {
		return !this.dryRun;
	}

	/** With {@code --dry-run}, the run ends after its checks, with the windows it would export. */
	@Override
	@Nullable Integer check(JobSpec spec, Preflight preflight, PrintWriter out, PrintWriter err) {
		Integer ended = super.check(spec, preflight, out, err);
		if (ended != null || !this.dryRun) {
			return ended;
		}
		RunPlan plan = RunPlan.of(preflight, new Window(this.start, this.end));
		out.println(commandName() + " would export " + RunPlan.range(spec, plan.range()) + ":");
		plan.print(out);
		return ExitCode.OK.code();
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		this.provenance = new Provenance(this.reason, requestedBy(), this.clock.instant());
		return inApplication(spec, clients, archive, this.broker, this.workerOptions.workerTimeout, err,
				(context) -> exportAndReport(context, spec, commandName(), new Window(this.start, this.end),
						this.provenance, out, err));
	}

	/** The command's name in reports. */
	String commandName() {
		return "export";
	}

	/**
	 * A source that accepts logs late (SLS: up to 7 days, indexed shortly after they arrive) has a settle delay: a
	 * window may only be exported once it has passed.
	 */
	private @Nullable String settleProblem(JobSpec spec, Instant end) {
		for (SourceSpec source : spec.sources()) {
			Duration delay = source.options().minimumSettleDelay().orElse(null);
			if (delay != null && end.isAfter(this.clock.instant().minus(delay))) {
				return "--to " + this.range.to + " (" + end + ") is within source " + source.id() + "'s settle delay ("
						+ delay + ") of now: its last windows may still receive logs; export up to "
						+ this.clock.instant().minus(delay) + " at most";
			}
		}
		return null;
	}

}
