package dev.logtally.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.logtally.archive.ArchiveStore;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.ArchiveVerifier;
import dev.logtally.archive.LocalDirectoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logtally verify <destination>}: checks an archive against its manifests and prints one line per problem.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
		description = { "Verifies an archive: every run manifest's link to the one before it, every window manifest "
				+ "against its run manifest, every object's size, SHA-256 and record count against its window "
				+ "manifest, and objects no manifest names.", "Exit code 0 when the archive is intact, 5 otherwise." })
final class VerifyCommand implements Callable<Integer> {

	@Spec
	CommandSpec command;

	@Parameters(index = "0", paramLabel = "<destination>", description = "the archive: a local directory")
	String destination;

	@Override
	public Integer call() {
		PrintWriter out = this.command.commandLine().getOut();
		PrintWriter err = this.command.commandLine().getErr();
		Path root = Path.of(this.destination).toAbsolutePath().normalize();
		if (!Files.isDirectory(root)) {
			err.println("logtally: " + root + " is not a directory");
			return ExitCode.INVALID_INPUT.code();
		}
		return verify(new LocalDirectoryStore(root), this.destination, out, err);
	}

	static int verify(ArchiveStore store, String destination, PrintWriter out, PrintWriter err) {
		ArchiveVerifier.Report report;
		try {
			report = new ArchiveVerifier(store).verify();
		}
		catch (ArchiveStoreException ex) {
			err.println("logtally: cannot read the archive: " + ex.getMessage());
			return ExitCode.FAILED.code();
		}
		for (ArchiveVerifier.Problem problem : report.problems()) {
			out.println(problem.line());
		}
		out.println(destination + ": " + report.objects() + " objects, " + report.windows() + " window manifests, "
				+ report.runManifests() + " run manifests: "
				+ (report.intact() ? "intact" : report.problems().size() + " problems"));
		return report.intact() ? ExitCode.OK.code() : ExitCode.NOT_INTACT.code();
	}

}
