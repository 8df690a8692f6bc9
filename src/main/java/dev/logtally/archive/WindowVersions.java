package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import dev.logtally.tally.Remedy;
import org.jspecify.annotations.Nullable;

/**
 * The versions of a window. The current version sits under the window's own keys; when an export changes a
 * window's data, the version it replaces is first copied, data then manifest, to {@code <stem>.versions/<n>/}, and
 * the new manifest names that copy by key and SHA-256 ({@code supersedes}). What an auditor already received is never
 * overwritten without being kept.
 *
 * <p>Crash safety: the copy of version n is complete when its manifest exists (copied last), and it is made before
 * the new data replaces the current one, so a restart that finds the copy skips it, and never copies new data as old.
 */
public final class WindowVersions {

	/**
	 * The window as it is published now.
	 * @param manifestKey its manifest's key
	 * @param file its data object's name, in the manifest's folder
	 * @param sha256 its data object's SHA-256
	 */
	public record Current(String manifestKey, int version, String file, String sha256,
			RunManifest.@Nullable Link supersedes, @Nullable Provenance provenance) {

		String folder() {
			return this.manifestKey.substring(0, this.manifestKey.lastIndexOf('/') + 1);
		}

		String manifestName() {
			return this.manifestKey.substring(this.manifestKey.lastIndexOf('/') + 1);
		}

	}

	private final ArchiveStore store;

	public WindowVersions(ArchiveStore store) {
		this.store = store;
	}

	/** The window's current version, if it was published. */
	public Optional<Current> current(String manifestKey) {
		WindowManifest manifest;
		// One read, no separate existence check: a missing manifest is the common case for a window's first export.
		try (InputStream in = this.store.open(manifestKey)) {
			manifest = WindowManifest.parse(in.readAllBytes(), this.store.describe(manifestKey));
		}
		catch (ArchiveStoreException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
		catch (InvalidManifestException ex) {
			// Resuming cannot help: a new version must not be built on a manifest whose content is unknown.
			throw new IllegalStateException(Remedy.FIX.after(ex.getMessage() + ": it was changed outside logtally; "
					+ "restore it from a copy you trust, or move it out of the archive to publish the window anew"), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.store.describe(manifestKey), ex);
		}
		return Optional.of(new Current(manifestKey, manifest.version(), manifest.file(), manifest.sha256(),
				manifest.supersedes(), manifest.provenance()));
	}

	/**
	 * Copies the current version to {@code folder}, data then manifest, unless an earlier attempt did.
	 * @param folder the version's folder ({@link ArchiveLayout#versionFolder}), with its trailing slash
	 */
	public void keep(Current current, String folder) {
		if (this.store.stat(folder + current.manifestName()).isPresent()) {
			return;
		}
		this.store.copy(current.folder() + current.file(), folder + current.file());
		this.store.copy(current.manifestKey(), folder + current.manifestName());
	}

	/**
	 * The kept copy of the current version, by key and SHA-256, for the new version's {@code supersedes}.
	 * @throws IllegalStateException if there is none: the window's data was replaced without its version being kept
	 */
	public RunManifest.Link kept(Current current, String folder) {
		String key = folder + current.manifestName();
		if (this.store.stat(key).isEmpty()) {
			throw new IllegalStateException(this.store.describe(current.folder() + current.file())
					+ " no longer matches " + this.store.describe(current.manifestKey()) + " and version "
					+ current.version() + " was not kept under " + this.store.describe(folder)
					+ ": the window was changed outside logtally");
		}
		try (InputStream in = this.store.open(key)) {
			return new RunManifest.Link(key, RunManifestChain.sha256(in.readAllBytes()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.store.describe(key), ex);
		}
	}

}
