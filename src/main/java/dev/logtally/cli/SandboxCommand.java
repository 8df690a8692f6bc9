package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.logtally.sandbox.DemoSandbox;
import dev.logtally.sandbox.SandboxSource.Started;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally sandbox}: runs the emulator of every source of {@code SandboxSources} (SCF API 3.0, SLS, RDS, legacy
 * SCF) on loopback until interrupted, with a job spec that points at them, so that a configuration (a PostgreSQL job
 * repository, a schedule, a dashboard) can be tried without a cloud account.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
		description = { "Run the built-in sandboxes on loopback until interrupted, one per kind of source: SCF API 3.0, "
				+ "legacy SCF (API v2), SLS, RDS and CLS, with the demo's data.",
				"Writes fresh credentials and a job spec that exports from all of them; try any export against them." })
public final class SandboxCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Option(names = "--dir", paramLabel = "DIR", defaultValue = "logtally-sandbox",
			description = "Folder for the sandbox's credentials and job spec (default: ${DEFAULT-VALUE}).")
	Path dir;

	@Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
			description = "Loopback port of the SCF sandbox; SLS, RDS and legacy SCF take the next three (default: "
					+ "any free ports).")
	int port;

	@Option(names = "--rate-limit", paramLabel = "N", defaultValue = "5",
			description = "Requests per second per SecretId; 0 for no limit (default: ${DEFAULT-VALUE}, as documented).")
	int rateLimit;

	@Override
	public Integer call() throws IOException, InterruptedException {
		PrintWriter out = this.command.commandLine().getOut();
		Path root = this.dir.toAbsolutePath().normalize();
		Files.createDirectories(root);
		CountDownLatch stopped = new CountDownLatch(1);
		try (DemoSandbox sandbox = DemoSandbox.start(root, "sandbox-job.yaml", this.port, this.rateLimit)) {
			Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sandbox-stop"));
			for (Started source : sandbox.sources()) {
				out.println(source.source().title() + " sandbox listening on " + source.emulator().endpoint());
			}
			out.println("Try: logtally export --job " + sandbox.spec() + " --from " + DemoSandbox.FROM + " --to "
					+ DemoSandbox.TO);
			out.println("Stop with Ctrl-C.");
			out.flush();
			stopped.await();
		}
		return ExitCode.OK.code();
	}

}
