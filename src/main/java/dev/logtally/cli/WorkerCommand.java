package dev.logtally.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.logtally.archive.Archive;
import dev.logtally.batch.RunLock;
import dev.logtally.scaleout.PartitionWorker;
import dev.logtally.scaleout.WorkerBroker;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.window.Window;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logtally worker}: runs the windows a manager ({@code logtally export --workers}) sends over the broker, until
 * stopped. It reads the same job spec as the manager, resolves the spec's credentials itself, and records every window
 * in the job repository they share.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Run the windows that managers (logtally export --workers) send for this job spec.",
				"Runs until SIGTERM or SIGINT: then it takes no more windows and lets the running ones finish (a "
						+ "second signal stops at once; those windows are resumed by the manager's next run). Needs "
						+ "the manager's spec file and its job repository (--config)." })
public final class WorkerCommand extends JobCommand {

	@Option(names = "--broker", required = true, paramLabel = "BROKER-URL",
			// The URL starts a line of its own: picocli would break it after its colon.
			description = { "The broker, as given to the manager's --workers.", "BROKER-URL is tcp://host:port. "
					+ "Credentials: "
					+ "$LOGTALLY_BROKER_USER and $LOGTALLY_BROKER_PASSWORD." })
	String brokerUrl;

	private @Nullable WorkerBroker broker;

	public WorkerCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	WorkerCommand(Map<String, String> environment, Clock clock) {
		super(environment, clock);
	}

	@Override
	@Nullable String problem(JobSpec spec) {
		this.broker = WorkerBroker.of("--broker", this.brokerUrl, spec.name());
		return null;
	}

	/**
	 * The manager's run is the job's: a worker on the same host must not replace the manager's metrics file with its
	 * own exit code.
	 */
	@Override
	boolean publishesRun() {
		return false;
	}

	/** The manager writes the run manifest and signs it: a worker's host needs no signing key. */
	@Override
	boolean signsRuns() {
		return false;
	}

	/** A worker has no range of its own; each window it runs reports its own source's errors. */
	@Override
	@Nullable Window preflightRange(JobSpec spec) {
		return null;
	}

	@Override
	int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err) {
		WorkerBroker broker = this.broker;
		try (ActiveMQConnectionFactory connections = broker.connectionFactory(this.environment)) {
			return inApplication(spec, clients, archive, err, (context) -> {
				String shared = sharedRepositoryProblem(context, "logtally worker");
				if (shared != null) {
					return invalid(err, shared);
				}
				BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
				steps.setBeanFactory(context.getBeanFactory());
				CountDownLatch stopped = new CountDownLatch(1);
				// The worker closes first, waiting for its running windows, while a second signal can still halt.
				try (GracefulStop signals = GracefulStop.install((caught) -> {
					stopped.countDown();
					return "taking no more windows; the running ones finish first";
				}, err); PartitionWorker worker = new PartitionWorker(broker, connections, steps,
						context.getBean(JobRepository.class), context.getBean(RunLock.class), spec.concurrency())) {
					worker.start();
					stopped.await();
				}
				return ExitCode.OK.code();
			});
		}
	}

}
