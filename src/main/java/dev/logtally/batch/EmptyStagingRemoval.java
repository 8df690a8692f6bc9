package dev.logtally.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.logtally.archive.Archive;
import dev.logtally.source.SourceClients;
import dev.logtally.tally.WindowCounts;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Removes the staging file of a window that ended (failed or stopped) before its first chunk commit.
 *
 * <p>For a local archive, staging files sit in the archive's folder, and {@code verify} rightly calls one UNFINISHED.
 * A window that committed records keeps its staging file: that is its restart state, and the same command resumes
 * from it. A window that committed none has no restart state (its checkpoint holds no staged length, so its restart
 * truncates the file and begins again), and its empty file would only stay in the archive, for every window of a
 * target that keeps failing (a deleted function), until a run finishes them.
 */
final class EmptyStagingRemoval implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final Archive archive;

	private final SourceClients sources;

	EmptyStagingRemoval(Archive archive, SourceClients sources) {
		this.archive = archive;
		this.sources = sources;
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED
				|| stepExecution.getExecutionContext().containsKey(WindowCounts.STAGED_BYTES)
				|| !stepExecution.getExecutionContext().containsKey(WindowPartition.SOURCE)) {
			return null;
		}
		WindowPartition window = WindowPartition.fromContext(stepExecution.getExecutionContext());
		Path staging = this.archive.layout()
			.stagingFile(window.source(), window.target(), window.window(),
					this.sources.source(window.source()).layout());
		try {
			Files.deleteIfExists(staging);
		}
		catch (IOException ex) {
			// Harmless: the restart truncates the file anyway; only the archive keeps an empty leftover meanwhile.
			log.warn("could not remove {}, which holds no committed record: {}", staging, ex.getMessage());
		}
		return null;
	}

}
