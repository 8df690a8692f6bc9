package dev.logtally.source;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.logtally.jobspec.TargetSpec;
import dev.logtally.window.Window;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * One configured source of a job spec, as the export job uses it. A new kind of source implements this interface in a
 * package of its own, opened by its {@link SourceKind} (registered in {@link SourceKinds}).
 */
public interface LogSource {

	/**
	 * A reader of every record of one target and window. It stores its position and the counts of
	 * {@link dev.logtally.tally.WindowCounts} in the step's execution context, so that a restarted step resumes
	 * exactly. It hands on {@link PartMark}s around a part it may read again (see {@link WindowItem}).
	 */
	ItemStreamReader<WindowItem> reader(TargetSpec target, Window window);

	/**
	 * One cheap request before anything is written, so that an unreachable endpoint or refused credentials are reported
	 * as input errors.
	 * @throws dev.logtally.http.SourceException when the source cannot be used
	 */
	void probe(TargetSpec target, Window window);

	/**
	 * The source's own count of the target's records in the window, asked now: what {@code reconcile} compares with
	 * what the archive holds. Empty for a source that cannot count a window (the legacy SCF API has no time range).
	 * @throws dev.logtally.http.SourceException when the source cannot be asked
	 */
	default OptionalLong count(TargetSpec target, Window window) {
		return OptionalLong.empty();
	}

	/** The CSV columns of this source's files. */
	RecordLayout layout();

	/**
	 * What a window's manifest records of a file one of its rows archived whole (RDS: the audit-log file, its size and
	 * SHA-256), or empty for rows that archived none.
	 */
	default Optional<Map<String, String>> archivedFile(Map<String, String> row) {
		return Optional.empty();
	}

	/** Whether rows may archive files ({@link #archivedFile}): only then does publication read a window's rows. */
	default boolean archivesFiles() {
		return false;
	}

}
