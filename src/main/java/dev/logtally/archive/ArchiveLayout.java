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
 * Data is written under {@code <name>.part} and renamed when the window is complete, so a partial file never sits
 * under its final name.
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

	public Path partFile(String source, String target, Window window) {
		Path data = dataFile(source, target, window);
		return data.resolveSibling(data.getFileName() + PART_SUFFIX);
	}

	public Path manifestFile(String source, String target, Window window) {
		return directory(source, target, window).resolve(window.stem() + ".manifest.json");
	}

}
