package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import dev.logtally.source.RecordLayout;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * What the archive holds of one window now, read without changing anything: its published manifest (verdict and
 * version), records a run staged and has not published, or nothing.
 * @param published the published manifest, or {@code null} when none is
 * @param staged whether a run staged records of the window that it has not published: that run has not finished
 * @param unreadable why the published manifest cannot be read, or {@code null}
 */
public record WindowState(@Nullable WindowManifest published, boolean staged, @Nullable String unreadable) {

	/**
	 * Reads the window's state: one read of its manifest, and a look at its staging file (and at the files staged for
	 * it whole, while it has no manifest).
	 */
	public static WindowState of(Archive archive, String source, String target, Window window, RecordLayout records) {
		ArchiveLayout layout = archive.layout();
		String key = layout.manifestKey(source, target, window);
		WindowManifest published = null;
		String unreadable = null;
		try (InputStream in = archive.store().open(key)) {
			published = WindowManifest.parse(in.readAllBytes(), archive.store().describe(key));
		}
		catch (ArchiveStoreException ex) {
			if (!ex.notFound()) {
				unreadable = ex.getMessage();
			}
		}
		catch (InvalidManifestException ex) {
			unreadable = ex.getMessage();
		}
		catch (IOException ex) {
			unreadable = "cannot read " + archive.store().describe(key) + ": " + ex.getMessage();
		}
		catch (UncheckedIOException ex) {
			unreadable = ex.getMessage();
		}
		boolean staged = Files.exists(layout.stagingFile(source, target, window, records))
				// In a local archive, a published window's whole files sit where they were staged.
				|| published == null && !layout.stagedKeys(layout.archivedFilesPrefix(source, target, window)).isEmpty();
		return new WindowState(published, staged, unreadable);
	}

	/**
	 * The state in a few words: {@code not exported}, {@code unfinished: records staged, not published},
	 * {@code published MATCHED}, {@code published MISMATCH (version 2)}...
	 */
	public String describe() {
		if (this.unreadable != null) {
			return "manifest unreadable: " + this.unreadable;
		}
		if (this.published == null) {
			return this.staged ? "unfinished: records staged, not published" : "not exported";
		}
		return kind() + (this.published.version() > 1 ? " (version " + this.published.version() + ")" : "")
				+ (this.staged ? "; a newer export unfinished: records staged, not published" : "");
	}

	/** The state's kind, for counting: {@code not exported}, {@code unfinished}, {@code published MATCHED}... */
	public String kind() {
		if (this.unreadable != null) {
			return "manifest unreadable";
		}
		if (this.published == null) {
			return this.staged ? "unfinished" : "not exported";
		}
		return "published " + this.published.verdict();
	}

}
