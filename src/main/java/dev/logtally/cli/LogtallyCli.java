package dev.logtally.cli;

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
				ReconcileCommand.class,
				StatusCommand.class, VerifyCommand.class, WorkerCommand.class, DemoCommand.class, SandboxCommand.class,
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
		return new CommandLine(new LogtallyCli()).execute(args);
	}

	@Override
	public void run() {
		throw new CommandLine.ParameterException(this.spec.commandLine(), "a command is required");
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = LogtallyCli.class.getPackage().getImplementationVersion();
			return new String[] { "logtally " + (version == null ? "(development build)" : version) };
		}

	}

}
