package dev.logtally.archive;

import java.nio.file.Path;

import dev.logtally.spec.Compression;
import dev.logtally.spec.DestinationSpec;
import dev.logtally.window.Window;

/**
 * Where each window's files live in the archive. A pure function of source, target and window, so a rerun or restart
 * writes to the same names and never produces a second copy:
 *
 * <pre>
 * &lt;root&gt;/&lt;source&gt;/&lt;target&gt;/dt=2026-11-21/20261121T000000Z_20261122T000000Z.csv.gz
 * &lt;root&gt;/&lt;source&gt;/&lt;target&gt;/dt=2026-11-21/20261121T000000Z_20261122T000000Z.manifest.json
 * </pre>
 *
 * While a window is read its records go to {@code <stem>.staging.jsonl}; the CSV is rendered when the window is
 * complete, under {@code <name>.part}, and renamed, so a partial file never sits under its final name.
 */
public record ArchiveLayout(Path root, Compression compression) {

	public static final String PART_SUFFIX = ".part";

	public static ArchiveLayout of(DestinationSpec destination) {
		return new ArchiveLayout(destination.root(), destination.compression());
	}

	public Path directory(String source, String target, Window window) {
		return this.root.resolve(source).resolve(target).resolve("dt=" + window.startDate());
	}

	public Path dataFile(String source, String target, Window window) {
		return directory(source, target, window).resolve(window.stem() + this.compression.extension());
	}

	/** The window's records while it is being read: its restart state on disk. */
	public Path stagingFile(String source, String target, Window window) {
		return directory(source, target, window).resolve(window.stem() + ".staging.jsonl");
	}

	/**
	 * Where a window keeps files it archives whole (RDS audit-log files), one per source id: {@code <stem>.files/<id>}.
	 * Characters that could leave the folder are replaced.
	 */
	public Path archivedFile(String source, String target, Window window, String fileId) {
		return directory(source, target, window).resolve(window.stem() + ".files")
			.resolve(fileId.replaceAll("[^A-Za-z0-9._-]", "_"));
	}

	public Path manifestFile(String source, String target, Window window) {
		return directory(source, target, window).resolve(window.stem() + ".manifest.json");
	}

}
