package dev.logtally.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.logtally.window.Window;

/**
 * The {@code dt=} folder each window's objects live in: the date the window starts on in the job's zone
 * ({@code dt=2026-11-01} for the day 2026-11-01 in {@code +08:00}, which starts at {@code 2026-10-31T16:00Z}).
 *
 * <p>Archives written before the zone's date named the folder used the window's UTC date. A window published there (its
 * manifest is in the store) or being read there (its staging file is on the local disk) stays there: a later export,
 * rerun or reconcile of it finds and replaces it in place, so no window is ever kept under two dates. Only windows that
 * were never published use the zone's date. The answer for a window never changes during a process (nothing writes
 * under the old date once it is absent), so it is asked of the store once per window.
 */
public final class WindowFolders {

	private static final String[] STAGING_SUFFIXES = { ".staging.csv", ".staging.jsonl" };

	private final ZoneId zone;

	private final Predicate<String> stored;

	private final Path stagingRoot;

	private final Map<String, String> resolved = new ConcurrentHashMap<>();

	/**
	 * @param zone the job's zone
	 * @param stored whether the store holds an object under a key (asked only for windows whose UTC date differs)
	 * @param stagingRoot the local folder of staging files
	 */
	public WindowFolders(ZoneId zone, Predicate<String> stored, Path stagingRoot) {
		this.zone = zone;
		this.stored = stored;
		this.stagingRoot = stagingRoot;
	}

	/** The folder of a window's objects: {@code <source>/<target>/dt=<date>}. */
	public String folder(String source, String target, Window window) {
		String prefix = source + "/" + target + "/dt=";
		LocalDate local = window.startDate(this.zone);
		LocalDate utc = window.startDate(ZoneOffset.UTC);
		if (local.equals(utc)) {
			return prefix + local;
		}
		return this.resolved.computeIfAbsent(prefix + window.stem(), (key) -> {
			String earlier = prefix + utc;
			return publishedOrStaged(earlier + "/" + window.stem()) ? earlier : prefix + local;
		});
	}

	private boolean publishedOrStaged(String stemKey) {
		for (String suffix : STAGING_SUFFIXES) {
			if (Files.exists(this.stagingRoot.resolve(stemKey + suffix))) {
				return true;
			}
		}
		return this.stored.test(stemKey + ArchiveLayout.MANIFEST_SUFFIX);
	}

}
