package dev.logtally.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.source.FileStaging;
import dev.logtally.source.RecordLayout;
import dev.logtally.jobspec.Compression;
import dev.logtally.window.Window;

/**
 * Where each window's objects live in the archive, as keys relative to its root. A pure function of source, target and
 * window, so a rerun or restart writes to the same keys and never produces a second copy:
 *
 * <pre>
 * &lt;source&gt;/&lt;target&gt;/dt=2026-11-21/20261120T160000Z_20261121T160000Z.csv.gz
 * &lt;source&gt;/&lt;target&gt;/dt=2026-11-21/20261120T160000Z_20261121T160000Z.manifest.json
 * &lt;source&gt;/&lt;target&gt;/dt=2026-11-21/20261120T160000Z_20261121T160000Z.files/&lt;file id&gt;
 * _runs/&lt;job&gt;/000001.json
 * </pre>
 *
 * <p>The {@code dt=} folder is the date the window starts on in the job's zone (here {@code +08:00}), as operators
 * count days; file names are the window's exact bounds in UTC, which no zone or daylight-saving change makes
 * ambiguous. {@link WindowFolders} keeps windows published under an older archive's UTC dates where they are.
 *
 * <p>While a window is read its records go to a local staging file under the staging root (for a local archive, the
 * archive's own folder): {@code <stem>.staging.csv}, CSV, when the source hands records on in file order, otherwise
 * {@code <stem>.staging.jsonl}, one JSON object per record ({@link RecordLayout#stagedAsCsv()}); files it
 * archives whole are staged under the same keys there. The data object is stored when the window is complete, then its
 * manifest: a window whose manifest exists is finished.
 *
 * <p>It is also the {@link FileStaging} that sources which archive files whole download into: they name what they
 * need, and the archive, which decides keys and staging folders, provides it.
 * @param stagingRoot the local folder for staging files
 * @param compression how data files are compressed
 * @param folders the {@code dt=} folder of each window
 */
public record ArchiveLayout(Path stagingRoot, Compression compression, WindowFolders folders) implements FileStaging {

	/** The folder of run manifests, outside every source's folder. */
	public static final String RUNS = "_runs";

	public static final String MANIFEST_SUFFIX = ".manifest.json";

	private static final String STAGING = ".staging.";

	private static final String JSON_STAGING_SUFFIX = STAGING + "jsonl";

	private static final String CSV_STAGING_SUFFIX = STAGING + "csv";

	public String directoryKey(String source, String target, Window window) {
		return this.folders.folder(source, target, window);
	}

	public String dataKey(String source, String target, Window window) {
		return directoryKey(source, target, window) + "/" + window.stem() + this.compression.extension();
	}

	public String manifestKey(String source, String target, Window window) {
		return directoryKey(source, target, window) + "/" + window.stem() + MANIFEST_SUFFIX;
	}

	/**
	 * The key of a file a window archives whole (RDS audit-log files): {@code <stem>.files/<id>}. Characters that could
	 * leave the folder are replaced.
	 */
	@Override
	public String archivedFileKey(String source, String target, Window window, String fileId) {
		return archivedFilesPrefix(source, target, window) + fileId.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	/**
	 * Where version {@code n} of a window is kept once a later export replaced it: its data object and manifest under
	 * their own names, with a trailing slash.
	 */
	public String versionFolder(String source, String target, Window window, int version) {
		return directoryKey(source, target, window) + "/" + window.stem() + ".versions/" + version + "/";
	}

	/** The folder of the files a window archives whole, with its trailing slash. */
	public String archivedFilesPrefix(String source, String target, Window window) {
		return directoryKey(source, target, window) + "/" + window.stem() + ".files/";
	}

	/** The keys of the objects staged locally under a key prefix that ends with a slash. */
	public List<String> stagedKeys(String folderPrefix) {
		Path folder = staged(folderPrefix);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> folderPrefix + file.getFileName())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + folder + ": " + ex.getMessage(), ex);
		}
	}

	/** The window's records while it is being read: its restart state on disk. */
	public Path stagingFile(String source, String target, Window window, RecordLayout records) {
		return staged(directoryKey(source, target, window) + "/" + window.stem()
				+ (records.stagedAsCsv() ? CSV_STAGING_SUFFIX : JSON_STAGING_SUFFIX));
	}

	/** Whether the key is a staging file's (in a local archive, staging files sit next to the published objects). */
	public static boolean isStagingFile(String key) {
		return key.endsWith(JSON_STAGING_SUFFIX) || key.endsWith(CSV_STAGING_SUFFIX);
	}

	/** Where an object is staged locally until its window is published. */
	@Override
	public Path staged(String key) {
		return this.stagingRoot.resolve(key);
	}

	/** The key of a run manifest: numbered in the order runs finished, per job. */
	public static String runManifestKey(String job, long sequence) {
		return runManifestPrefix(job) + String.format("%06d", sequence) + ".json";
	}

	/** The sequence a run manifest's key names ({@code _runs/<job>/000003.json}: 3). */
	public static long runManifestSequence(String key) {
		String name = key.substring(key.lastIndexOf('/') + 1);
		return Long.parseLong(name.substring(0, name.length() - ".json".length()));
	}

	public static String runManifestPrefix(String job) {
		return RUNS + "/" + job + "/";
	}

	/**
	 * Whether {@code key} is one of {@code job}'s run manifests, as {@link #runManifestKey} names them: not a
	 * temporary file a store left beside them ({@code 000001.json.part}, from a write that failed).
	 */
	public static boolean isRunManifestKey(String job, String key) {
		String prefix = runManifestPrefix(job);
		return key.startsWith(prefix) && key.substring(prefix.length()).matches("[0-9]{6,}\\.json");
	}

}
