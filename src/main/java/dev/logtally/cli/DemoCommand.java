package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.logtally.sandbox.DemoSandbox;
import dev.logtally.sandbox.SandboxSource.Started;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally demo}: starts the emulator of every source of {@code SandboxSources} on free loopback ports and
 * exports three days of synthetic logs from each (one SCF function above the 10,000-log cap of a single query) through
 * the same {@code export} command users run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Export three days of synthetic logs from built-in SCF, SLS, RDS, legacy SCF and CLS sandboxes on "
				+ "loopback.",
				"One function logs more than the SCF API's 10,000-log cap in a day; the SLS logstore answers "
						+ "Incomplete and reorders ties; a CLS hour holds more logs than one query reaches. Uses the default H2 job repository; needs no network, no "
						+ "credentials, no setup." })
public final class DemoCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Option(names = "--dir", paramLabel = "DIR", defaultValue = "logtally-demo",
			description = "Folder for the demo's job spec, archive and job repository (default: ${DEFAULT-VALUE}).")
	Path dir;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = this.command.commandLine().getOut();
		Path root = this.dir.toAbsolutePath().normalize();
		Files.createDirectories(root);
		try (DemoSandbox sandbox = DemoSandbox.start(root, "demo-job.yaml", 0, 5)) {
			for (Started source : sandbox.sources()) {
				out.println(source.source().title() + " sandbox listening on " + source.emulator().endpoint() + " "
						+ source.source().demoConditions());
			}
			out.println("Exporting [" + DemoSandbox.FROM + ", " + DemoSandbox.TO + ") of "
					+ exports(sandbox.sources().stream().map((source) -> source.source().demoExports()).toList()) + ", with "
					+ sandbox.spec());
			out.flush();
			int code = LogtallyCli.commandLine(CommandLine.defaultFactory()).setOut(out)
				.setErr(this.command.commandLine().getErr())
				.execute("export", "--job", sandbox.spec().toString(), "--from", DemoSandbox.FROM, "--to",
						DemoSandbox.TO, "--home", root.resolve("home").toString());
			out.println();
			out.println("Archive: " + root.resolve("archive")
					+ " (one CSV and one manifest per function, logstore or instance and day, the audit-log files next to "
					+ "their listing; a manifest holds counts, SHA-256 and verdict; _runs/ chains the run manifests)");
			out.println("Check it against its manifests: java -jar target/logtally.jar verify " + root.resolve("archive"));
			out.println("Sandbox requests answered: "
					+ sandbox.sources().stream().map(Started::served).collect(Collectors.joining(", ")) + "; throttled: "
					+ sandbox.throttledCount());
			return code;
		}
	}

	/** "A, B and C, and D": the demo has always named its last source apart, the one read through a legacy API. */
	private static String exports(List<String> sources) {
		if (sources.size() < 3) {
			return String.join(" and ", sources);
		}
		List<String> first = sources.subList(0, sources.size() - 1);
		return String.join(", ", first.subList(0, first.size() - 1)) + " and " + first.get(first.size() - 1) + ", and "
				+ sources.get(sources.size() - 1);
	}

}
