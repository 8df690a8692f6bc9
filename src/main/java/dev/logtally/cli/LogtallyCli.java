package dev.logtally.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code logtally} command line. Commands validate their input before anything starts, then run the Spring Batch
 * application for the work itself.
 */
@Command(name = "logtally", mixinStandardHelpOptions = true, versionProvider = LogtallyCli.Version.class,
		description = { "Exports cloud audit and function logs into a verifiable archive and proves it complete.",
				"Every window ends with a verdict: the source's own count versus the records written." },
		subcommands = { ExportCommand.class, RerunCommand.class, NightlyCommand.class, ScheduleCommand.class,
				ReconcileCommand.class, ValidateCommand.class, PruneCommand.class,
				StatusCommand.class, VerifyCommand.class, KeygenCommand.class, WorkerCommand.class, DemoCommand.class,
				SandboxCommand.class,
				CommandLine.HelpCommand.class },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  every window exported and MATCHED", "  1  a window or the run failed; run again to resume",
				"  2  invalid input (options, dates, spec, credentials); nothing written",
				"  3  finished, but some window did not reconcile (TRUNCATED, MISMATCH)",
				"  4  another run of the same job spec is in progress",
				"  5  verify: the archive differs from its manifests",
				"  143  stopped by SIGTERM at a chunk boundary (130: Ctrl-C); run again to resume" })
public final class LogtallyCli implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		// SLS private and test endpoints are addressed by IP with the project in the Host header, which the JDK
		// client only sends when this is set before its first use.
		setIfAbsent("jdk.httpclient.allowRestrictedHeaders", "host");
		// The sandbox runs on the JDK HttpServer, which otherwise lets Nagle delay every answer by about 40 ms.
		setIfAbsent("sun.net.httpserver.nodelay", "true");
		// Before picocli and logback take their references to the standard streams: the live progress owns the
		// terminal's bottom line, and everything else is written above it.
		StatusLine.standardStreams();
		System.exit(execute(args));
	}

	private static void setIfAbsent(String property, String value) {
		if (System.getProperty(property) == null) {
			System.setProperty(property, value);
		}
	}

	public static int execute(String... args) {
		return commandLine(CommandLine.defaultFactory()).execute(args);
	}

	/**
	 * The command line as every caller runs it (this main, {@code demo}, the tests): a usage error prints its reason
	 * and where the help is, not the whole help; with {@code --log-format json} every line a command prints is a JSON
	 * object (see {@link JsonConsole}).
	 * @param factory creates the commands
	 */
	public static CommandLine commandLine(CommandLine.IFactory factory) {
		CommandLine commandLine = new CommandLine(new LogtallyCli(), factory);
		commandLine.setParameterExceptionHandler(LogtallyCli::usageError);
		commandLine.setExecutionStrategy(LogtallyCli::executeIn);
		return commandLine;
	}

	/** {@code logtally: <reason>} and a pointer to the command's help: the reason is lost under 40 lines of help. */
	private static int usageError(CommandLine.ParameterException ex, String[] args) {
		CommandLine failed = ex.getCommandLine();
		PrintWriter err = jsonRequested(args) ? JsonConsole.of(failed.getErr(), JsonConsole.Level.ERROR)
				: failed.getErr();
		err.println("logtally: " + ex.getMessage());
		// "Possible solutions: --from" for a mistyped option: one more line, and the likely fix.
		CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
		err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
		err.flush();
		return ExitCode.INVALID_INPUT.code();
	}

	/** Whether the command line asks for JSON, parsed or not: a usage error is reported in the format asked for. */
	private static boolean jsonRequested(String[] args) {
		for (int i = 0; i < args.length; i++) {
			if ("--log-format=json".equals(args[i])
					|| ("--log-format".equals(args[i]) && i + 1 < args.length && "json".equals(args[i + 1]))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs the parsed command, with JSON output when its {@code --log-format} says so: the commands print through the
	 * command line's writers, which are replaced here, before they run, in one place.
	 */
	private static int executeIn(CommandLine.ParseResult parsed) {
		// The top command creates its writers on first use and hands them to every subcommand then: created here,
		// before the subcommand's are replaced, so that they are not replaced back.
		parsed.commandSpec().commandLine().getOut();
		parsed.commandSpec().commandLine().getErr();
		CommandLine.ParseResult last = parsed;
		while (last.hasSubcommand()) {
			last = last.subcommand();
		}
		if (last.hasMatchedOption("--log-format")
				&& last.matchedOptionValue("--log-format", RepositoryOptions.LogFormat.text)
						== RepositoryOptions.LogFormat.json) {
			CommandLine command = last.commandSpec().commandLine();
			command.setOut(JsonConsole.of(command.getOut(), JsonConsole.Level.INFO));
			command.setErr(JsonConsole.of(command.getErr(), JsonConsole.Level.ERROR));
		}
		return new CommandLine.RunLast().execute(parsed);
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "a command is required");
	}

	/** The version of this build, as {@code --version} and the JSON logs' {@code service.version} say it. */
	static String version() {
		String version = LogtallyCli.class.getPackage().getImplementationVersion();
		return version == null ? "development build" : version;
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = LogtallyCli.class.getPackage().getImplementationVersion();
			return new String[] { "logtally " + (version == null ? "(development build)" : version) };
		}

	}

}
