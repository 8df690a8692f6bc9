package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.logtally.archive.Archive;
import dev.logtally.batch.NightlyRun;
import dev.logtally.scaleout.WorkerBroker;
import dev.logtally.source.SourceClients;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.SourceSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
		Instant settled = NightlyRun.settledEnd(spec, this.clock.instant());
		Duration longest = spec.sources().stream().map(SourceSpec::window).max(Duration::compareTo).orElseThrow();
		return new Window(settled.minus(longest), settled);
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
