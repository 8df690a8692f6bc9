package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.logtally.sandbox.DemoSandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally demo}: starts the SCF sandbox on a free loopback port and exports three days of synthetic logs of
 * three functions (one above the 10,000-log cap of a single query) through the same {@code export} command users run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Export three days of synthetic logs from built-in SCF, SLS and RDS sandboxes on loopback.",
				"One function logs more than the SCF API's 10,000-log cap in a day; the SLS logstore answers "
						+ "Incomplete and reorders ties. Uses the default H2 job repository; needs no network, no "
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
			out.println("SCF sandbox listening on " + sandbox.emulator().endpoint()
					+ " (5 requests/s per SecretId, as documented)");
			out.println("SLS sandbox listening on " + sandbox.sls().endpoint()
					+ " (pages answer Incomplete up to twice; ties come back in a new order on every request)");
			out.println("RDS sandbox listening on " + sandbox.rds().endpoint()
					+ " (60 requests/min per AK; audit-log files behind links that expire after 5 minutes)");
			out.println("Legacy SCF sandbox listening on " + sandbox.legacy().endpoint()
					+ " (API v2: no time range, newest first; 5 requests/s per SecretId; nonces checked for replays)");
			out.println("Exporting [" + DemoSandbox.FROM + ", " + DemoSandbox.TO + ") of SCF functions order-api, "
					+ "payment-worker and thumbnailer (12,000 logs on one day), SLS logstore app-log and the audit "
					+ "logs of one RDS instance, and function nightly-report through the legacy SCF API, with "
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
			out.println("Sandbox requests answered: SCF " + sandbox.emulator().servedCount() + ", SLS "
					+ sandbox.sls().servedCount() + ", RDS " + sandbox.rds().servedCount() + " (and "
					+ sandbox.rds().downloadCount() + " audit-log files), legacy SCF " + sandbox.legacy().servedCount()
					+ "; throttled: " + (sandbox.emulator().throttledCount() + sandbox.sls().throttledCount()
							+ sandbox.rds().throttledCount() + sandbox.legacy().throttledCount()));
			return code;
		}
	}

}
