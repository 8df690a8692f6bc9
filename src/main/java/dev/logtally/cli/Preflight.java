package dev.logtally.cli;

import java.nio.file.Path;
import java.util.function.Consumer;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.ChainHead;
import dev.logtally.source.SourceClients;
import dev.logtally.source.SourcePreflight;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.tally.Remedy;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * The checks a command makes once its spec and credentials are loaded and before it writes anything: every target of
 * every source answers, the destination can be written (or read, for a command that only reads it), and the home
 * folder can hold the log and the job repository. A run makes them one after the other and stops at the first that
 * fails; {@code validate} makes them all and reports each.
 * @param writesArchive whether the destination must be writable, not only readable
 * @param home the home folder of the log, the default job repository, staging, reports and metrics
 */
record Preflight(JobSpec spec, SourceClients clients, Archive archive, boolean writesArchive, Path home) {

	/**
	 * Asks every target of every source for one log of the source's first window of {@code range}.
	 * @param operator gets a line before probes that take a while
	 */
	SourcePreflight.Findings sources(Window range, Consumer<String> operator) {
		return SourcePreflight.check(this.spec, this.clients, range, operator);
	}

	/**
	 * @return why the destination cannot be used, naming it, or {@code null}; for a command that writes, its head file
	 *     ({@code destination.headFile}) too
	 */
	@Nullable String destinationProblem() {
		try {
			if (this.writesArchive) {
				this.archive.store().probeWritable();
			}
			else {
				this.archive.store().probe();
			}
			Path headFile = this.spec.destination().headFile();
			if (this.writesArchive && headFile != null) {
				// At the end of a run, after hours of export, would be late to learn it.
				String problem = ChainHead.writableProblem(headFile);
				return problem == null ? null : "cannot write the head file " + headFile + ": " + problem
						+ " (destination.headFile)";
			}
			return null;
		}
		catch (ArchiveStoreException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * Whether the home can be written: creates {@code <home>/logs} and a small file there that it deletes
	 * ({@link JobCommand#homeProblem}).
	 * @return the problem in one line naming the path, or {@code null}
	 */
	@Nullable String homeProblem() {
		return JobCommand.homeProblem(this.home);
	}

	/** The exit code of a home that cannot be used: a full disk is no input error, the same command runs once freed. */
	static ExitCode exitCode(String homeProblem) {
		return Remedy.of(homeProblem) == Remedy.FREE_SPACE ? ExitCode.FAILED : ExitCode.INVALID_INPUT;
	}

}
