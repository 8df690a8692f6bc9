package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.logtally.batch.ExportLauncher;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.SourceOptions;
import dev.logtally.spec.SourceSpec;
import dev.logtally.window.TimeArgument;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logtally export}: exports {@code [from, to)} window by window and reconciles each window against its source.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Export [from, to) window by window and reconcile every window with its source.",
				"Exports every source and target of the job spec. Running the same command again after a crash "
						+ "resumes the interrupted run; after a finished run it exports the range again." })
public final class ExportCommand extends JobCommand {

	@Option(names = "--from", required = true, paramLabel = "TIME",
			description = "Start, inclusive: an ISO-8601 date (its midnight in the spec's zone), a local date-time "
					+ "(in the spec's zone) or a date-time with offset, e.g. 2026-11-21, 2026-11-21T06:00, "
					+ "2026-11-21T06:00:00Z.")
	String from;

	@Option(names = "--to", required = true, paramLabel = "TIME", description = "End, exclusive; same forms as --from.")
	String to;

	private Instant start;

	private Instant end;

	public ExportCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ExportCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		this.start = TimeArgument.parse("--from", this.from, spec.zone());
		this.end = TimeArgument.parse("--to", this.to, spec.zone());
		String problem = rangeProblem(this.start, this.end);
		return problem != null ? problem : settleProblem(spec, this.end);
	}

	@Override
	Window preflightRange(JobSpec spec) {
		return new Window(this.start, this.end);
	}

	@Override
	int run(ConfigurableApplicationContext context, JobSpec spec, PrintWriter out, PrintWriter err) throws Exception {
		return report(context.getBean(ExportLauncher.class).run(spec, this.start, this.end), out, err);
	}

	private @Nullable String rangeProblem(Instant start, Instant end) {
		if (!start.isBefore(end)) {
			return "--from " + this.from + " (" + start + ") must be before --to " + this.to + " (" + end
					+ "): the range is half-open, [from, to)";
		}
		if (start.getNano() != 0 || end.getNano() != 0) {
			return "--from and --to must be whole seconds";
		}
		Instant now = this.clock.instant();
		if (end.isAfter(now)) {
			return "--to " + this.to + " (" + end + ") is in the future: only windows that have ended can be "
					+ "exported completely";
		}
		return null;
	}

	/**
	 * SLS accepts logs up to 7 days late and indexes them shortly after they arrive: a window may only be exported once
	 * its source's settle delay has passed.
	 */
	private @Nullable String settleProblem(JobSpec spec, Instant end) {
		for (SourceSpec source : spec.sources()) {
			if (source.options() instanceof SourceOptions.Sls sls
					&& end.isAfter(this.clock.instant().minus(sls.settleDelay()))) {
				return "--to " + this.to + " (" + end + ") is within source " + source.id() + "'s settle delay ("
						+ sls.settleDelay() + ") of now: its last windows may still receive logs; export up to "
						+ this.clock.instant().minus(sls.settleDelay()) + " at most";
			}
		}
		return null;
	}

}
