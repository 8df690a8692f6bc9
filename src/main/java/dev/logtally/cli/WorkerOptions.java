package dev.logtally.cli;

import java.time.Duration;

import dev.logtally.scaleout.WorkerBroker;
import dev.logtally.jobspec.JobSpec;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How a run's windows are spread over worker processes ({@code logtally worker}), when they are. */
public final class WorkerOptions {

	@Option(names = "--workers", paramLabel = "BROKER-URL",
			// A URL starts a line of its own: picocli would break it after its colon.
			description = { "Run the windows in worker processes (logtally worker) instead of this one.",
					"BROKER-URL is the broker's tcp://host:port. Needs a job repository shared with the workers "
							+ "(--config). Broker credentials: $LOGTALLY_BROKER_USER and $LOGTALLY_BROKER_PASSWORD." })
	@Nullable String workers;

	@Option(names = "--worker-timeout", paramLabel = "DURATION",
			description = "With --workers: how long to wait for all windows before the run fails (ISO-8601, for "
					+ "example PT2H); the windows of a worker that died are then run again by the next run of the same "
					+ "command. Default: PT12H.")
	Duration workerTimeout = Duration.ofHours(12);

	/**
	 * The broker the windows go to, or {@code null} to run them in this process.
	 * @throws IllegalArgumentException naming the option, for a bad URL or timeout
	 */
	@Nullable WorkerBroker broker(JobSpec spec) {
		if (this.workers == null) {
			return null;
		}
		if (this.workerTimeout.isNegative() || this.workerTimeout.isZero()) {
			throw new IllegalArgumentException("--worker-timeout " + this.workerTimeout + ": must be positive");
		}
		return WorkerBroker.of("--workers", this.workers, spec.name());
	}

}
