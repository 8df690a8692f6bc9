package dev.logtally.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.batch.WindowPartition;
import dev.logtally.source.SourceClients;
import dev.logtally.spec.JobSpec;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logtally reconcile}: asks each source again for its count of every window of a range (one count request per
 * window, not a re-read) and compares it with what the archive's manifest says was read: windows that changed after
 * they were exported (SLS takes logs up to 7 days late) and windows never exported show up.
 */
public final class ArchiveReconciler {

	/** What the source says now against what the archive holds. */
	public enum Verdict {

		/** The source's count now equals the records the archived window read. */
		MATCHED,

		/** The counts differ: the source gained or lost records after the window was exported. */
		MISMATCH,

		/** The archive holds no finished window (no manifest). */
		MISSING,

		/** The source cannot count a window (the legacy SCF API), so only the archive's own verdict is known. */
		UNCOUNTED

	}

	/**
	 * One window.
	 * @param archived the records the archived window read, or null when it is missing
	 * @param archivedVerdict the verdict its manifest recorded, or null when it is missing
	 * @param now the source's count now, or null when it cannot count
	 */
	public record Reconciliation(String source, String target, Window window, @Nullable Long archived,
			@Nullable String archivedVerdict, @Nullable Long now, Verdict verdict) {

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

	/** Every window of every source and target of the spec in {@code [from, to)}, in plan order. */
	public List<Reconciliation> reconcile(JobSpec spec, Instant from, Instant to) {
		List<Reconciliation> results = new ArrayList<>();
		for (WindowPartition partition : WindowPartition.plan(spec, from, to)) {
			String source = partition.source();
			String target = partition.target();
			Window window = partition.window();
			Optional<JsonNode> manifest = manifest(this.archive.layout().manifestKey(source, target, window));
			OptionalLong count = this.sources.source(source)
				.count(spec.source(source).orElseThrow().target(target), window);
			Long now = count.isPresent() ? count.getAsLong() : null;
			if (manifest.isEmpty()) {
				results.add(new Reconciliation(source, target, window, null, null, now, Verdict.MISSING));
				continue;
			}
			long read = manifest.get().path("counts").path("read").asLong();
			String recorded = manifest.get().path("verdict").asString();
			Verdict verdict = now == null ? Verdict.UNCOUNTED : now == read ? Verdict.MATCHED : Verdict.MISMATCH;
			results.add(new Reconciliation(source, target, window, read, recorded, now, verdict));
		}
		return results;
	}

	private Optional<JsonNode> manifest(String key) {
		try (InputStream in = this.archive.store().open(key)) {
			return Optional.of(JsonMapper.builder().build().readTree(in));
		}
		catch (ArchiveStoreException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(this.archive.store().describe(key) + " is not a window manifest: "
					+ ex.getOriginalMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + this.archive.store().describe(key), ex);
		}
	}

}
