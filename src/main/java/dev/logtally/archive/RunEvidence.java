package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What the archive holds of one run, for its report: the run manifest it appended to its job's chain (the chain's
 * head once it was written), who asked for the run, when and why, and each window manifest the archive holds for its
 * windows, with the version that manifest superseded.
 * @param runManifest the run manifest, by key and SHA-256; {@code null} for a run that did not finish, which writes none
 * @param attempt which export of the range the run was (a rerun is the next attempt)
 * @param provenance who asked for the run, when and why, from its job parameters
 * @param windows the window manifests of the run's windows that were published, in the run's order
 */
public record RunEvidence(RunManifest.@Nullable Link runManifest, long attempt, Provenance provenance,
		List<PublishedWindow> windows) {

	public RunEvidence {
		windows = List.copyOf(windows);
	}

	/**
	 * A window manifest as the archive holds it.
	 * @param manifest its key and the SHA-256 of its bytes
	 * @param version the window's version (1 for its first export)
	 * @param supersedes the kept copy of the version it replaced, or {@code null} for version 1
	 * @param replacedBy who asked for the run that replaced that version, when and why, or {@code null}
	 */
	public record PublishedWindow(String source, String target, Instant start, RunManifest.Link manifest, int version,
			RunManifest.@Nullable Link supersedes, @Nullable Provenance replacedBy) {

		/**
		 * Reads a window manifest from the store.
		 * @throws UncheckedIOException naming the manifest when it cannot be read
		 * @throws InvalidManifestException when it is not a window manifest
		 */
		public static PublishedWindow read(ArchiveStore store, String source, String target, Instant start,
				String manifestKey) {
			byte[] bytes;
			try (InputStream in = store.open(manifestKey)) {
				bytes = in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + store.describe(manifestKey) + ": " + ex.getMessage(),
						ex);
			}
			WindowManifest manifest = WindowManifest.parse(bytes, store.describe(manifestKey));
			return new PublishedWindow(source, target, start, new RunManifest.Link(manifestKey, Sha256.of(bytes)),
					manifest.version(), manifest.supersedes(), manifest.provenance());
		}

	}

	/** A run with nothing in the archive to show for it. */
	public static RunEvidence none(long attempt, Provenance provenance) {
		return new RunEvidence(null, attempt, provenance, List.of());
	}

	/** The manifest of a window of the run, if the archive holds one. */
	public Optional<PublishedWindow> window(String source, String target, Instant start) {
		return this.windows.stream()
			.filter((window) -> window.source().equals(source) && window.target().equals(target)
					&& window.start().equals(start))
			.findFirst();
	}

	/**
	 * The windows whose earlier version this run replaced: their current version names this run's provenance. A
	 * window whose data the run found unchanged keeps its version, and is not among them.
	 */
	public List<PublishedWindow> superseded() {
		return this.windows.stream()
			.filter((window) -> window.supersedes() != null && this.provenance.equals(window.replacedBy()))
			.toList();
	}

}
