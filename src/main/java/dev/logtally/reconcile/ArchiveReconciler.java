package dev.logtally.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.InvalidManifestException;
import dev.logtally.archive.WindowManifest;
import dev.logtally.batch.WindowPartition;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.tally.Verdict;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;

/**
 * {@code logtally reconcile}: asks each source again for its count of every window of a range (one count request per
 * window, not a re-read) and compares it with what the archive's manifest says was read: windows that changed after
 * they were exported (SLS takes logs up to 7 days late) and windows never exported show up.
 *
 * <p>A count cannot vouch for a window's content: when offsets shift while a window is paged, records read twice can
 * fill the place of records missed, and the count still agrees. So a window whose export was not MATCHED is never
 * MATCHED here, whatever the source says now.
 */
public final class ArchiveReconciler {

	/**
	 * One window.
	 * @param archived the records the archived window read, or null when it is missing
	 * @param exportedAs the verdict its export recorded in the manifest, or null when it is missing
	 * @param now the source's count now, or null when it cannot count
	 * @param agreement how the archived window stands against the source now
	 */
	public record Reconciliation(String source, String target, Window window, @Nullable Long archived,
			@Nullable Verdict exportedAs, @Nullable Long now, SourceAgreement agreement) {

		/** The source's count now minus the records archived, when both are known. */
		public @Nullable Long difference() {
			return this.archived == null || this.now == null ? null : this.now - this.archived;
		}

	}

	private final Archive archive;

	private final SourceClients sources;

	public ArchiveReconciler(Archive archive, SourceClients sources) {
		this.archive = archive;
		this.sources = sources;
	}

	/**
	 * Every window of every source and target of the spec in {@code [from, to)}, in plan order.
	 * @throws ReconcileException at the first window whose manifest cannot be read or trusted, or whose source could
	 *     not count it
	 */
	public List<Reconciliation> reconcile(JobSpec spec, Instant from, Instant to) {
		List<Reconciliation> results = new ArrayList<>();
		for (WindowPartition partition : WindowPartition.plan(spec, from, to)) {
			WindowManifest manifest = manifest(partition);
			Long now = count(spec, partition);
			results.add(new Reconciliation(partition.source(), partition.target(), partition.window(),
					manifest == null ? null : manifest.counts().read(), manifest == null ? null : manifest.verdict(), now,
					SourceAgreement.of(manifest, now)));
		}
		return results;
	}

	/** The window's manifest, or {@code null} when the archive holds none. */
	private @Nullable WindowManifest manifest(WindowPartition partition) {
		String key = this.archive.layout().manifestKey(partition.source(), partition.target(), partition.window());
		String name = this.archive.store().describe(key);
		WindowManifest manifest;
		try (InputStream in = this.archive.store().open(key)) {
			manifest = WindowManifest.parse(in.readAllBytes(), name);
		}
		catch (ArchiveStoreException ex) {
			if (ex.notFound()) {
				return null;
			}
			throw new ReconcileException(ex.getMessage(), ex);
		}
		catch (InvalidManifestException ex) {
			throw new ReconcileException(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new ReconcileException("cannot read " + name + ": " + why(ex), ex);
		}
		if (!manifest.source().equals(partition.source()) || !manifest.target().equals(partition.target())
				|| !manifest.window().equals(partition.window())) {
			// Copied or moved outside logtally: what it says is about another window.
			throw new ReconcileException(name + " is the manifest of " + manifest.source() + "/" + manifest.target()
					+ " " + manifest.window() + ", not of " + partition.source() + "/" + partition.target() + " "
					+ partition.window());
		}
		return manifest;
	}

	/** The source's count of the window now, or {@code null} when it cannot count one. */
	private @Nullable Long count(JobSpec spec, WindowPartition partition) {
		OptionalLong count;
		try {
			count = this.sources.source(partition.source())
				.count(spec.source(partition.source()).orElseThrow().target(partition.target()), partition.window());
		}
		catch (RuntimeException ex) {
			// A source exception names the source, target and window already; anything else is named here.
			throw new ReconcileException("cannot count " + partition.source() + "/" + partition.target() + " "
					+ partition.window() + ": " + why(ex), ex);
		}
		return count.isPresent() ? count.getAsLong() : null;
	}

	private static String why(Exception ex) {
		return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().replaceAll("\\s+", " ");
	}

}
