package dev.logtally.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.s3.S3Credentials;
import dev.logtally.batch.ExportLauncher;
import dev.logtally.batch.ExportResult;
import dev.logtally.batch.LogtallyApplication;
import dev.logtally.batch.RunLock;
import dev.logtally.batch.WindowPartition;
import dev.logtally.http.SourceException;
import dev.logtally.reconcile.ReconciliationTable;
import dev.logtally.source.SourceClients;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.JobSpecLoader;
import dev.logtally.spec.Secret;
import dev.logtally.spec.SourceOptions;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.SpecException;
import dev.logtally.spec.TargetSpec;
import dev.logtally.window.TimeArgument;
import dev.logtally.window.Window;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code logtally export}: exports {@code [from, to)} window by window and reconciles each window against its source.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Export [from, to) window by window and reconcile every window with its source.",
				"Exports every source and target of the job spec. Running the same command again after a crash "
						+ "resumes the interrupted run; after a finished run it exports the range again." })
public final class ExportCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Option(names = { "-j", "--job" }, required = true, paramLabel = "SPEC.yaml", description = "The job spec.")
	Path job;

	@Option(names = "--from", required = true, paramLabel = "TIME",
			description = "Start, inclusive: an ISO-8601 date (its midnight in the spec's zone), a local date-time "
					+ "(in the spec's zone) or a date-time with offset, e.g. 2026-11-21, 2026-11-21T06:00, "
					+ "2026-11-21T06:00:00Z.")
	String from;

	@Option(names = "--to", required = true, paramLabel = "TIME", description = "End, exclusive; same forms as --from.")
	String to;

	@Mixin
	RepositoryOptions repository = new RepositoryOptions();

	private final Map<String, String> environment;

	private final Clock clock;

	public ExportCommand() {
		this(System.getenv(), Clock.systemUTC());
	}

	ExportCommand(Map<String, String> environment, Clock clock) {
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	public Integer call() {
		PrintWriter err = this.command.commandLine().getErr();
		PrintWriter out = this.command.commandLine().getOut();
		try {
			JobSpecLoader loader = new JobSpecLoader(this.environment);
			JobSpec spec = loader.load(this.job);
			Instant start = TimeArgument.parse("--from", this.from, spec.zone());
			Instant end = TimeArgument.parse("--to", this.to, spec.zone());
			String rangeProblem = rangeProblem(start, end);
			if (rangeProblem == null) {
				rangeProblem = settleProblem(spec, end);
			}
			if (rangeProblem != null) {
				return invalid(err, rangeProblem);
			}
			String optionProblem = this.repository.problem();
			if (optionProblem != null) {
				return invalid(err, optionProblem);
			}
			Map<String, Map<String, Secret>> credentials = loader.resolveCredentials(spec);
			try (Archive archive = archive(spec, loader)) {
				SourceClients clients = new SourceClients(spec, credentials, archive.layout(), this.clock);
				String refused = preflight(spec, clients, start, end);
				if (refused == null) {
					refused = probe(archive);
				}
				if (refused != null) {
					return invalid(err, refused);
				}
				return run(spec, clients, archive, start, end, out, err);
			}
		}
		catch (SpecException | IllegalArgumentException ex) {
			return invalid(err, ex.getMessage());
		}
	}

	/**
	 * The spec's destination. An S3 archive stages its windows under the home folder, by job name, so that a restart
	 * finds them as it finds the job repository.
	 */
	private Archive archive(JobSpec spec, JobSpecLoader loader) {
		if (!spec.destination().isS3()) {
			return Archive.local(spec.destination());
		}
		AwsCredentialsProvider credentials = S3Credentials.provider(loader.resolveDestinationCredentials(spec));
		return Archive.s3(spec.destination(), credentials, this.clock,
				this.repository.home(this.environment).resolve("staging").resolve(spec.name()));
	}

	private static String probe(Archive archive) {
		try {
			archive.store().probe();
			return null;
		}
		catch (ArchiveStoreException ex) {
			return ex.getMessage();
		}
	}

	private String rangeProblem(Instant start, Instant end) {
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
	private String settleProblem(JobSpec spec, Instant end) {
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

	/**
	 * Asks each source for one log of its first target before anything is written, so that an unreachable endpoint or
	 * refused credentials are reported as input errors. An unknown function is left to its partition, which names it.
	 */
	private static String preflight(JobSpec spec, SourceClients clients, Instant start, Instant end) {
		List<WindowPartition> plan = WindowPartition.plan(spec, start, end);
		for (SourceSpec source : spec.sources()) {
			TargetSpec target = source.targets().get(0);
			Window first = plan.stream()
				.filter((partition) -> partition.source().equals(source.id()))
				.findFirst()
				.orElseThrow()
				.window();
			try {
				clients.source(source.id()).probe(target, first);
			}
			catch (SourceException ex) {
				if (ex.kind() != SourceException.Kind.NOT_FOUND) {
					return ex.getMessage();
				}
			}
		}
		return null;
	}

	private int run(JobSpec spec, SourceClients clients, Archive archive, Instant start, Instant end,
			PrintWriter out, PrintWriter err) {
		List<String> arguments = this.repository.springArguments();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LogtallyApplication.class)
			.web(WebApplicationType.NONE)
			// logtally.yml rather than application.yml: an embedded Spring Boot application (S3Mock in the tests)
			// must not pick up logtally's defaults from the class path.
			.properties("spring.config.name=logtally")
			.initializers((initializing) -> {
				initializing.getBeanFactory().registerSingleton("jobSpec", spec);
				initializing.getBeanFactory().registerSingleton("sourceClients", clients);
				initializing.getBeanFactory().registerSingleton("archive", archive);
			})
			.run(arguments.toArray(String[]::new))) {
			ExportResult result = context.getBean(ExportLauncher.class).run(spec, start, end);
			out.print(ReconciliationTable.render(result.outcomes()));
			out.flush();
			result.outcomes()
				.stream()
				.filter((outcome) -> outcome.failure() != null)
				.forEach((outcome) -> err.println(outcome.line()));
			if (result.status() != BatchStatus.COMPLETED) {
				err.println("logtally: run " + result.executionId() + " " + result.status()
						+ (result.failure() != null && result.outcomes().stream().allMatch((o) -> o.failure() == null)
								? ": " + result.failure() : "")
						+ "; run the same command again to resume it");
				return ExitCode.FAILED.code();
			}
			if (!result.allReconciled()) {
				err.println("logtally: some windows did not reconcile; their manifests say by how much");
				return ExitCode.UNRECONCILED.code();
			}
			return ExitCode.OK.code();
		}
		catch (RunLock.LockHeldException ex) {
			err.println("logtally: " + ex.getMessage());
			return ExitCode.BUSY.code();
		}
		catch (Exception ex) {
			err.println("logtally: the run failed: " + rootCause(ex));
			return ExitCode.FAILED.code();
		}
	}

	/**
	 * What actually went wrong, rather than which beans could not be created because of it: the database driver's
	 * message when the job repository is unusable ("Connection to localhost:5432 refused"), else the innermost cause.
	 */
	static String rootCause(Throwable failure) {
		Throwable root = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql) {
				// The driver's own message names the database it could not use; its causes only say "refused".
				return "cannot use the job repository: " + sql.getMessage();
			}
			root = cause;
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static int invalid(PrintWriter err, String message) {
		err.println("logtally: " + message);
		err.flush();
		return ExitCode.INVALID_INPUT.code();
	}

}
