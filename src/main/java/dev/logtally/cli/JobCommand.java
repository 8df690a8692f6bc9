package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import dev.logtally.archive.Archive;
import dev.logtally.archive.EarlierDayCuts;
import dev.logtally.archive.Provenance;
import dev.logtally.archive.s3.S3Credentials;
import dev.logtally.batch.ExportLauncher;
import dev.logtally.batch.ExportResult;
import dev.logtally.batch.LogtallyApplication;
import dev.logtally.batch.RunLock;
import dev.logtally.batch.RunProgress;
import dev.logtally.batch.RunningExecution;
import dev.logtally.metrics.RunMetrics;
import dev.logtally.reconcile.ReconciliationTable;
import dev.logtally.report.RunReport;
import dev.logtally.report.RunReports;
import dev.logtally.repository.JobDatabase;
import dev.logtally.repository.JobDatabaseInUseException;
import dev.logtally.repository.OwnerOnly;
import dev.logtally.scaleout.RemoteWorkers;
import dev.logtally.scaleout.WorkerBroker;
import dev.logtally.source.SourceClients;
import dev.logtally.source.SourcePreflight;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.SourceKinds;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SigningKey;
import dev.logtally.jobspec.SpecException;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.tally.Remedy;
import dev.logtally.tally.Verdict;
import dev.logtally.window.Window;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import sun.misc.Signal;

/**
 * A command that runs a job spec's export: it validates the spec and the command's own input, resolves credentials,
 * probes every source and the archive before anything is written, then runs in the Spring Boot application with
 * the job repository, and turns what happened into an exit code.
 */
abstract class JobCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Option(names = { "-j", "--job" }, required = true, paramLabel = "SPEC", description = "The job spec (YAML).")
	Path job;

	@Mixin
	RepositoryOptions repository = new RepositoryOptions();

	final Map<String, String> environment;

	final Clock clock;

	/** The metrics of this command's runs; {@code schedule} shares one across nights and serves it. */
	RunMetrics metrics = new RunMetrics();

	/**
	 * The spec once the command's own input passed its checks: from then on, the command's exit code is the job's
	 * last run's, in its metrics. {@code null} before, and for a home that cannot be written (nor can its metrics).
	 */
	private @Nullable JobSpec published;

	/** Whether the run got past the preflight: before, it writes nothing, unless the job already has its metrics. */
	private boolean started;

	/** When the command started, as its reports say. */
	private Instant startedAt = Instant.EPOCH;

	/** The signals that stop the run in the application, while it runs: a stopped run's exit code is theirs. */
	private volatile @Nullable GracefulStop stop;

	/** The live progress on the terminal while the run goes on; it ends before the table is printed. */
	private volatile @Nullable AutoCloseable progress;

	JobCommand(Map<String, String> environment, Clock clock) {
		this.environment = environment;
		this.clock = clock;
	}

	/**
	 * Checks the command's own input against the spec.
	 * @return a problem, in words naming the option or field, or {@code null}
	 */
	abstract @Nullable String problem(JobSpec spec);

	/** The range in whose first window of each source the preflight asks every target for one log; {@code null}: none. */
	abstract @Nullable Window preflightRange(JobSpec spec);

	/** Does the command's work once the input has been checked and every source and the archive answered. */
	abstract int execute(JobSpec spec, SourceClients clients, Archive archive, PrintWriter out, PrintWriter err);

	/** Work done in the Spring Boot application, with the job repository; the spec and its clients are beans there. */
	@FunctionalInterface
	interface InApplication {

		int run(ConfigurableApplicationContext context) throws Exception;

	}

	@Override
	public final Integer call() {
		PrintWriter err = this.command.commandLine().getErr();
		PrintWriter out = this.command.commandLine().getOut();
		this.published = null;
		this.started = false;
		this.startedAt = this.clock.instant();
		int code = attempt(out, err);
		JobSpec spec = this.published;
		// A run refused because another one runs leaves the job's metrics to that one. A run the preflight refused
		// (revoked credentials, a target gone) updates a job's metrics, for alerts, but creates none: a first try
		// with a typo writes nothing.
		if (spec != null && publishesRun() && code != ExitCode.BUSY.code()
				&& (this.started || hasMetrics(spec))) {
			publishMetrics(spec, code, err);
		}
		return code;
	}

	private int attempt(PrintWriter out, PrintWriter err) {
		try {
			JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), this.environment);
			JobSpec spec = loader.load(this.job);
			String problem = problem(spec);
			if (problem == null) {
				problem = this.repository.problem();
			}
			if (problem != null) {
				return invalid(err, problem);
			}
			this.published = spec;
			Map<String, Map<String, Secret>> credentials = loader.resolveCredentials(spec);
			try (Archive archive = archive(spec, loader)) {
				SourceClients clients = new SourceClients(spec, credentials, archive.layout(), this.clock,
						this.metrics);
				Preflight preflight = new Preflight(spec, clients, archive, writesArchive(),
						this.repository.home(this.environment));
				Integer ended = check(spec, preflight, out, err);
				if (ended != null) {
					return ended;
				}
				this.started = true;
				return execute(spec, clients, archive, out, err);
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
		// Read before the store is opened: a missing or wrong signing key is an input error, before anything is written.
		SigningKey signingKey = signsRuns() ? loader.resolveSigningKey(spec) : null;
		if (!spec.destination().isS3()) {
			return Archive.local(spec.destination(), spec.zone()).signedBy(signingKey);
		}
		AwsCredentialsProvider credentials = S3Credentials.provider(loader.resolveDestinationCredentials(spec));
		return Archive.s3(spec.destination(), spec.zone(), credentials, this.clock,
				this.repository.home(this.environment).resolve("staging").resolve(spec.name())).signedBy(signingKey);
	}

	/**
	 * Whether the command may write a run manifest, which the spec's {@code signing} key then signs: it reads the key,
	 * and refuses to start without it. A worker only reads windows for its manager, which signs.
	 */
	boolean signsRuns() {
		return true;
	}

	/**
	 * Whether the command's exit code is a run of the job, published in the job's metrics: commands that export do;
	 * {@code reconcile} without {@code --repair} and workers do not, and never replace the job's metrics file.
	 */
	boolean publishesRun() {
		return true;
	}

	/**
	 * Whether the command writes to the archive, whose store the preflight then checks for writing, not only for
	 * reading: a command that only reads can use an archive on read-only media.
	 */
	boolean writesArchive() {
		return true;
	}

	/**
	 * The checks before the command's work, one after the other, each only once the one before passed: every target
	 * of every source is asked for one log (so that an unreachable endpoint, refused credentials or a misspelled
	 * function, logstore or instance are reported as input errors, all at once), then the destination, then the home.
	 * A command that only checks ({@code validate}, {@code --dry-run}) ends here.
	 * @return the command's exit code when it ends here, or {@code null} to go on with {@link #execute}
	 */
	@Nullable Integer check(JobSpec spec, Preflight preflight, PrintWriter out, PrintWriter err) {
		Window range = preflightRange(spec);
		String refused = null;
		if (range != null) {
			SourcePreflight.Findings findings = preflight.sources(range, (line) -> {
				err.println("logtally: " + line);
				err.flush();
			});
			refused = findings.passed() ? null : findings.message();
		}
		if (refused == null) {
			refused = preflight.destinationProblem();
		}
		if (refused == null && range != null) {
			refused = EarlierDayCuts.problem(spec, preflight.archive(), range);
		}
		if (refused != null) {
			return invalid(err, refused);
		}
		// After every input check, which leave nothing behind, and before the application writes the home.
		String unusable = preflight.homeProblem();
		if (unusable != null) {
			this.published = null;
			err.println("logtally: " + unusable);
			err.flush();
			return Preflight.exitCode(unusable).code();
		}
		return null;
	}

	final int inApplication(JobSpec spec, SourceClients clients, Archive archive, PrintWriter err,
			InApplication work) {
		return inApplication(spec, clients, archive, Map.of(), err, work);
	}

	/**
	 * Work done in the application, its windows run by the workers that take them from {@code broker} when there is
	 * one, which needs a job repository they share.
	 * @param broker where the windows go, or {@code null} to run them in this process
	 */
	final int inApplication(JobSpec spec, SourceClients clients, Archive archive, @Nullable WorkerBroker broker,
			Duration workerTimeout, PrintWriter err, InApplication work) {
		if (broker == null) {
			return inApplication(spec, clients, archive, err, work);
		}
		try (ActiveMQConnectionFactory connections = broker.connectionFactory(this.environment)) {
			return inApplication(spec, clients, archive,
					Map.of("remoteWorkers", new RemoteWorkers(broker, connections, workerTimeout)), err, (context) -> {
						String shared = sharedRepositoryProblem(context, "--workers");
						return shared != null ? invalid(err, shared) : work.run(context);
					});
		}
	}

	/**
	 * @param beans further singletons for the application, by name (the remote workers of a manager, for example)
	 */
	final int inApplication(JobSpec spec, SourceClients clients, Archive archive, Map<String, Object> beans,
			PrintWriter err, InApplication work) {
		Path home = this.repository.home(this.environment);
		List<String> arguments = new ArrayList<>(this.repository.springArguments(this.environment));
		// The default job repository is the job's own H2 database under the home (logtally.yml).
		arguments.add("--logtally.job=" + spec.name());
		JobDatabase database = new JobDatabase(home, spec.name());
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LogtallyApplication.class)
			.web(WebApplicationType.NONE)
			// logtally.yml rather than application.yml: an embedded Spring Boot application (S3Mock in the tests)
			// must not pick up logtally's defaults from the class path.
			.properties("spring.config.name=logtally")
			// After Spring Boot's logging listener (no order: last), which registers logback's console status printer.
			.listeners((ApplicationListener<ApplicationEvent>) (event) -> {
				if (event instanceof ApplicationEnvironmentPreparedEvent) {
					LogbackStatusLine.install(home.resolve("logs").resolve("logtally.log"), err);
				}
			})
			.initializers((initializing) -> {
				initializing.getBeanFactory().registerSingleton("jobSpec", spec);
				initializing.getBeanFactory().registerSingleton("sourceClients", clients);
				initializing.getBeanFactory().registerSingleton("archive", archive);
				beans.forEach(initializing.getBeanFactory()::registerSingleton);
			})
			.run(arguments.toArray(String[]::new))) {
			try (GracefulStop stop = GracefulStop.install(context.getBean(RunningExecution.class),
					context.getBean(JobOperator.class), err);
					AutoCloseable progress = ProgressDisplay.onTerminal(context.getBean(RunProgress.class),
							this.repository.logFormat, this.environment, this.clock)) {
				this.stop = stop;
				this.progress = progress;
				try {
					return exitCode(work.run(context));
				}
				finally {
					this.stop = null;
					this.progress = null;
				}
			}
		}
		catch (RunLock.LockHeldException ex) {
			err.println("logtally: " + ex.getMessage());
			return ExitCode.BUSY.code();
		}
		catch (Exception ex) {
			java.util.Optional<JobDatabaseInUseException> inUse = database.inUse(ex);
			if (inUse.isPresent()) {
				err.println("logtally: " + inUse.get().getMessage());
				return ExitCode.BUSY.code();
			}
			err.println("logtally: " + failureLine(ex, home));
			return ExitCode.FAILED.code();
		}
	}

	/**
	 * Whether the application can write the home: its log file and job repository are there, and a home that is a
	 * file, read-only, denied or full fails the application's start with hundreds of lines of its libraries' stack
	 * traces, where one line says it all. Creates {@code <home>/logs} and writes a small file there that it deletes.
	 * @return the problem in one line naming the path and the cause, or {@code null}
	 */
	static @Nullable String homeProblem(Path home) {
		Path logs = home.resolve("logs");
		try {
			// 0700, before the log file or the job repository would create it under the umask
			OwnerOnly.createFolders(logs);
			Path probe = Files.createTempFile(logs, ".logtally-probe-", ".part");
			try {
				// A few blocks, so a disk full to the last of them is found here rather than by the log or the database.
				Files.write(probe, new byte[16 * 1024]);
			}
			finally {
				Files.deleteIfExists(probe);
			}
			return null;
		}
		catch (IOException ex) {
			return homeProblem(home, logs, ex);
		}
		catch (UncheckedIOException ex) {
			return homeProblem(home, logs, ex.getCause());
		}
	}

	private static String homeProblem(Path home, Path logs, IOException failure) {
		return FileSystemFault.in(logs, failure)
			.map(FileSystemFault::getMessage)
			.orElseGet(() -> "cannot use the home " + home + ": " + failure.getMessage());
	}

	/**
	 * The one line for a run that failed outside its windows: the disk's fault with what to do, else what went wrong
	 * and that the same command resumes it.
	 */
	static String failureLine(Throwable failure, Path home) {
		return FileSystemFault.in(failure, home)
			.map(FileSystemFault::getMessage)
			.orElseGet(() -> "the run failed: " + rootCause(failure) + "; " + Remedy.RESUME.advice());
	}

	/**
	 * A manager and its workers meet in the job repository: it must be a database server they all reach, not the
	 * embedded H2 file of one machine's home folder.
	 * @return the problem, or {@code null}
	 */
	static @Nullable String sharedRepositoryProblem(ConfigurableApplicationContext context, String option)
			throws SQLException {
		try (Connection connection = context.getBean(DataSource.class).getConnection()) {
			String url = connection.getMetaData().getURL();
			if (url.startsWith("jdbc:h2:")) {
				return option + " needs a job repository that the manager and every worker share (PostgreSQL, through "
						+ "--config; see sample-config/), not the embedded H2 database of --home";
			}
			return null;
		}
	}

	/**
	 * Exports {@code range} in the application and reports the run; only then is the run delivered, so that the same
	 * command, killed before, reports this run instead of exporting the range again.
	 * @param command the command, as the report names it
	 * @return the run's exit code
	 */
	final int exportAndReport(ConfigurableApplicationContext context, JobSpec spec, String command, Window range,
			Provenance provenance, PrintWriter out, PrintWriter err) throws Exception {
		ExportLauncher launcher = context.getBean(ExportLauncher.class);
		ExportResult result = launcher.run(spec, range.start(), range.end(), provenance);
		int code = report(spec, command, range, result, null, out, err);
		launcher.delivered(result);
		return code;
	}

	/**
	 * Prints a run's reconciliation table and failures, and writes its JSON and HTML reports under
	 * {@code <home>/reports/<job>/}.
	 * @param command the command, as the report names it
	 * @param mark the job's high-water mark after a nightly run, else {@code null}
	 * @return the run's exit code
	 */
	final int report(JobSpec spec, String command, Window range, ExportResult result, @Nullable Instant mark,
			PrintWriter out, PrintWriter err) {
		endProgress();
		int code = exitCode(print(spec, result, stopSignal(), out, err));
		this.metrics.windows(spec.name(), result.outcomes(), result.readByThisRun(), result.reportedBefore());
		if (mark != null) {
			this.metrics.highWaterMark(spec.name(), mark);
		}
		RunReports reports = new RunReports(
				this.repository.home(this.environment).resolve("reports").resolve(spec.name()));
		try {
			Path html = reports
				.write(new RunReport(spec.name(), command, range.start(), range.end(), result.executionId(),
						result.status().name(), code, this.clock.instant(), result.outcomes(), mark, spec.zone(),
						new RunReport.Origin(spec.destination().describe(), spec.sha256(), LogtallyCli.version(),
								hostName(), requestedBy(), this.startedAt,
								spec.signing() != null && signsRuns() ? spec.signing().keyId() : null),
						result.evidence()));
			out.println("Report: " + html);
			reports.prune(spec.reports(), this.clock.instant(), html,
					(warning) -> err.println("logtally: " + warning));
		}
		catch (UncheckedIOException ex) {
			// The run's outcome stands; only its report is missing, and the table above says the same.
			err.println("logtally: " + ex.getMessage());
		}
		out.flush();
		return code;
	}

	/**
	 * {@code <home>/metrics/<job>.prom}, for a node exporter's textfile collector: the run's exit code and end, and
	 * the counters and marks of the job's runs so far.
	 */
	private void publishMetrics(JobSpec spec, int code, PrintWriter err) {
		try {
			this.metrics.runEnded(spec.name(), code, this.clock.instant());
			this.metrics.publish(metricsFolder(), spec.name(), spec.nightly() == null ? null : spec.nightly().start());
		}
		catch (UncheckedIOException ex) {
			err.println("logtally: " + ex.getMessage());
		}
	}

	/** Whether the job has published metrics before; {@code false} when the home cannot even be told. */
	private boolean hasMetrics(JobSpec spec) {
		try {
			return Files.exists(metricsFolder().resolve(spec.name() + ".prom"));
		}
		catch (IllegalArgumentException ex) {
			// An unreadable --config, which the command has reported.
			return false;
		}
	}

	private Path metricsFolder() {
		return this.repository.home(this.environment).resolve("metrics");
	}

	/** Erases the live progress for good: the table and the report follow on a clean line. */
	private void endProgress() {
		AutoCloseable shown = this.progress;
		if (shown != null) {
			try {
				shown.close();
			}
			catch (Exception ex) {
				// Only the display's last frame may stay on the screen; the run's outcome stands.
			}
		}
	}

	/** The signal that stopped the run in the application, or {@code null}. */
	private @Nullable Signal stopSignal() {
		GracefulStop running = this.stop;
		return running == null ? null : running.received();
	}

	/**
	 * The process's exit code for a run whose outcome says {@code code}: 128 + the signal's number once a signal
	 * stopped it, so that the report, the metrics and the process say the same.
	 */
	private int exitCode(int code) {
		Signal signal = stopSignal();
		return signal == null ? code : GracefulStop.exitCode(signal);
	}

	/**
	 * Prints the table, the windows that are not done, and what to do next: resume, or free space or fix what the
	 * failures say first, when resuming alone would only fail again.
	 * @param signal the signal that stopped the run, or {@code null}
	 * @return the exit code the run's outcome deserves, a stop aside
	 */
	private static int print(JobSpec spec, ExportResult result, @Nullable Signal signal, PrintWriter out,
			PrintWriter err) {
		if (out instanceof JsonConsole json) {
			// One event per row, with the row's fields; it holds the failure the text lines below would repeat.
			result.outcomes().forEach((outcome) -> {
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("logtally.job", spec.name());
				fields.put("logtally.run", result.executionId());
				fields.putAll(outcome.fields());
				json.event(outcome.verdict().reconciled() ? JsonConsole.Level.INFO : JsonConsole.Level.WARN,
						outcome.line(), fields);
			});
			// The table's last line, with its numbers as fields.
			Map<String, Object> totals = new LinkedHashMap<>();
			totals.put("logtally.job", spec.name());
			totals.put("logtally.run", result.executionId());
			totals.put("logtally.status", result.status().name());
			totals.put("logtally.windows", result.outcomes().size());
			result.outcomes().forEach((outcome) -> totals.merge("logtally.verdicts." + outcome.verdict().name(), 1,
					(a, b) -> (Integer) a + (Integer) b));
			totals.put("logtally.counts.written",
					result.outcomes().stream().mapToLong((outcome) -> outcome.counts().written()).sum());
			json.event(JsonConsole.Level.INFO, ReconciliationTable.totals(result.outcomes()), totals);
		}
		else {
			out.print(ReconciliationTable.render(result.outcomes(), spec.zone()));
			out.flush();
			// A window the run did not start needs no line of its own: the table and the summary below count them.
			result.outcomes()
				.stream()
				.filter((outcome) -> outcome.failure() != null || outcome.verdict() == Verdict.STOPPED)
				.forEach((outcome) -> err.println(outcome.line()));
		}
		if (result.status() == BatchStatus.STOPPED) {
			err.println("logtally: run " + result.executionId() + " STOPPED"
					+ (signal == null ? "" : " by SIG" + signal.getName()) + unfinished(result)
					+ "; run the same command again to resume it");
			return ExitCode.FAILED.code();
		}
		if (result.status() != BatchStatus.COMPLETED || !result.allDone()) {
			List<@Nullable String> failures = new ArrayList<>();
			result.outcomes().forEach((outcome) -> failures.add(outcome.failure()));
			failures.add(result.failure());
			// The run's own failure is the cause when no window has one, and may end with its own advice already.
			String own = result.outcomes().stream().allMatch((o) -> o.failure() == null) ? result.failure() : null;
			err.println("logtally: run " + result.executionId() + " " + result.status()
					+ (own != null ? ": " + own : unfinished(result))
					+ (own != null && Remedy.of(own) != Remedy.RESUME ? "" : "; " + Remedy.forAll(failures).advice()));
			return ExitCode.FAILED.code();
		}
		if (!result.allReconciled()) {
			err.println("logtally: some windows did not reconcile; their manifests say by how much");
			return ExitCode.UNRECONCILED.code();
		}
		return ExitCode.OK.code();
	}

	/** {@code : 2 STOPPED, 4 NOT_STARTED of 6 windows}: the windows that are not done; empty when every one is. */
	private static String unfinished(ExportResult result) {
		Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
		result.outcomes()
			.stream()
			.filter((outcome) -> !outcome.verdict().done())
			.forEach((outcome) -> byVerdict.merge(outcome.verdict(), 1, Integer::sum));
		List<String> parts = new ArrayList<>();
		byVerdict.forEach((verdict, count) -> parts.add(count + " " + verdict));
		return parts.isEmpty() ? "" : ": " + String.join(", ", parts) + " of " + result.outcomes().size() + " windows";
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

	/**
	 * The machine's name, for reports: {@code HOSTNAME} when the environment has it (a Kubernetes pod's name), else
	 * what the resolver says, else {@code unknown}.
	 */
	String hostName() {
		String name = this.environment.get("HOSTNAME");
		if (name != null && !name.isBlank()) {
			return name;
		}
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** The operating-system user running the command, recorded in the versions of windows it replaces. */
	static String requestedBy() {
		return System.getProperty("user.name", "unknown");
	}

	static int invalid(PrintWriter err, String message) {
		err.println("logtally: " + message);
		err.flush();
		return ExitCode.INVALID_INPUT.code();
	}

}
