package dev.logtally.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.jobspec.SpecException;
import dev.logtally.metrics.MetricsEndpoint;
import dev.logtally.metrics.RunMetrics;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code logtally schedule}: runs {@code nightly} on the spec's {@code nightly.cron}, for hosts without a scheduler.
 * The spec is read again before every run, so edits apply from the next night. SIGTERM or SIGINT while waiting ends
 * the process; during a run it stops the run at a chunk boundary first (the next run resumes it).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Run `nightly` on the spec's nightly.cron (default 15 3 * * *, in the spec's zone) until "
				+ "stopped.", "SIGTERM or Ctrl-C stops a running export at a chunk boundary, then exits 143 (130); "
						+ "the next run resumes it." })
public final class ScheduleCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Option(names = { "-j", "--job" }, required = true, paramLabel = "SPEC", description = "The job spec (YAML).")
	Path job;

	@Mixin
	RepositoryOptions repository = new RepositoryOptions();

	@Mixin
	WorkerOptions workerOptions = new WorkerOptions();

	@Option(names = "--metrics-port", paramLabel = "PORT",
			// The URL starts a line of its own: picocli would break it after a colon.
			description = { "Serve the runs' metrics in the Prometheus format at",
					"http://ADDRESS:PORT/metrics (0: any free port, printed at start). Default: not served." })
	@Nullable Integer metricsPort;

	@Option(names = "--metrics-address", paramLabel = "ADDRESS",
			description = "Where the metrics are served. Default: 127.0.0.1.")
	String metricsAddress = "127.0.0.1";

	private final RunMetrics metrics = new RunMetrics();

	private final Map<String, String> environment;

	private final Clock clock;

	public ScheduleCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ScheduleCommand(Map<String, String> environment, Clock clock) {
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	public Integer call() {
		PrintWriter err = this.command.commandLine().getErr();
		if (this.metricsPort == null) {
			return schedule(err);
		}
		try (MetricsEndpoint endpoint = MetricsEndpoint.start(this.metrics, this.metricsAddress, this.metricsPort)) {
			err.println("logtally: schedule: metrics at " + endpoint.url());
			return schedule(err);
		}
		catch (java.io.UncheckedIOException ex) {
			return JobCommand.invalid(err, ex.getMessage());
		}
	}

	private int schedule(PrintWriter err) {
		AtomicReference<Signal> received = new AtomicReference<>();
		CountDownLatch stop = new CountDownLatch(1);
		for (String name : new String[] { "TERM", "INT" }) {
			try {
				Signal.handle(new Signal(name), (signal) -> {
					received.compareAndSet(null, signal);
					stop.countDown();
				});
			}
			catch (IllegalArgumentException ex) {
				// No such signal here: the JVM's default applies.
			}
		}
		while (true) {
			JobSpec spec;
			try {
				spec = new JobSpecLoader(SourceKinds.all(), this.environment).load(this.job);
				this.metrics.takeOver(this.repository.home(this.environment).resolve("metrics"), spec.name());
			}
			catch (SpecException | IllegalArgumentException ex) {
				return JobCommand.invalid(err, ex.getMessage());
			}
			if (spec.nightly() == null) {
				return JobCommand.invalid(err, spec.file() + ": nightly: is required for scheduled runs (start, and "
						+ "cron such as \"15 3 * * *\")");
			}
			Instant next = next(spec);
			this.metrics.nextRun(spec.name(), next);
			err.println("logtally: schedule: next nightly run of " + spec.name() + " at " + next + " ("
					+ spec.nightly().cron() + " in " + spec.zone() + ")");
			err.flush();
			if (await(stop, Duration.between(this.clock.instant(), next))) {
				Signal signal = received.get();
				err.println("logtally: schedule: " + (signal == null ? "interrupted" : "SIG" + signal.getName())
						+ " while waiting: stopped");
				return signal == null ? ExitCode.FAILED.code() : GracefulStop.exitCode(signal);
			}
			NightlyCommand night = new NightlyCommand(this.environment, this.clock);
			night.command = this.command;
			night.job = this.job;
			night.repository = this.repository;
			night.workerOptions = this.workerOptions;
			night.metrics = this.metrics;
			int code = night.call();
			if (code > 128) {
				// The run was stopped by a signal, and said so.
				return code;
			}
			err.println("logtally: schedule: the nightly run exited " + code);
		}
	}

	private Instant next(JobSpec spec) {
		ZonedDateTime now = this.clock.instant().atZone(spec.zone());
		return CronExpression.parse(spec.nightly().cron()).next(now).toInstant();
	}

	/** @return whether a signal came before the time was up */
	private static boolean await(CountDownLatch stop, Duration wait) {
		try {
			return stop.await(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

}
