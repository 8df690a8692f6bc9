package dev.logtally.source.rds;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.logtally.http.SourceException;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.PagedWindowReader;
import dev.logtally.source.PartMark;
import dev.logtally.source.Rereads;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads the audit-log listing of one (instance, window) page by page and archives the files the window owns.
 *
 * <p>A file belongs to the window that holds its begin time: {@code ListAuditlogs} lists a file that straddles windows
 * in each of them, and each listing keeps the row, but only the owner downloads the file, so it is archived once.
 * Files are downloaded through links asked for in batches of at most 50, streamed to disk (never held in memory) under
 * a temporary name and renamed when complete; an expired link is asked for again. Restart state is the listing offset:
 * a restarted reader lists the page again and finds the files it already archived on disk, which it hashes there
 * instead of fetching them again.
 *
 * <p>The window's listing is a part that may be read again ({@link PartMark}): when {@code total_record} moves between
 * its pages (a file arrived or went while it was paged, so offsets shifted), or a page holds fewer rows than the total
 * promises there, the rows handed on are taken back and the listing read again from its start (files already on disk
 * are kept). A file whose bytes disagree with its listed size (a proxy or store that cut it short with a consistent
 * length) is fetched again through fresh links. Both are bounded by {@link Rereads}; only what still disagrees after
 * the last allowed attempt makes the window a MISMATCH.
 */
public final class RdsWindowReader extends PagedWindowReader<ExportRecord, RdsReaderState> {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	/** A page whose links keep expiring is asked for new ones this many times before the window fails. */
	private static final int LINK_ROUNDS = 5;

	private final RdsApiClient client;

	private final RdsTarget target;

	private final Window window;

	private final int pageSize;

	private final boolean downloadFiles;

	private final Function<String, String> fileKey;

	private final Function<String, Path> staged;

	/**
	 * @param fileKey the archive key of the file with this id, which its listing row names
	 * @param staged where the object with this key is staged until the window is published
	 */
	public RdsWindowReader(RdsApiClient client, RdsTarget target, Window window, int pageSize, boolean downloadFiles,
			Function<String, String> fileKey, Function<String, Path> staged, Rereads rereads) {
		super(rereads);
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
		this.downloadFiles = downloadFiles;
		this.fileKey = fileKey;
		this.staged = staged;
	}

	@Override
	protected @Nullable RdsReaderState restore(ExecutionContext context) {
		return context.containsKey(RdsReaderState.OFFSET) ? RdsReaderState.load(context) : null;
	}

	@Override
	protected RdsReaderState begin() {
		return RdsReaderState.START;
	}

	@Override
	protected void store(RdsReaderState state, ExecutionContext context) {
		state.store(context);
	}

	@Override
	protected boolean done(RdsReaderState state) {
		return state.done();
	}

	@Override
	protected ExportRecord handOn(ExportRecord row) {
		moveTo(state().consumed(Boolean.parseBoolean(row.fields().get(RdsColumns.ARCHIVED_HERE)),
				!row.fields().get(RdsColumns.FILE_BYTES).isEmpty(), mismatch(row)));
		return row;
	}

	@Override
	protected boolean readMore() {
		RdsReaderState state = state();
		if (state.total() >= 0 && state.offset() >= state.total()) {
			moveTo(state.finished());
			return false;
		}
		RdsResponseParser.Listing listing = this.client.list(this.target, this.window, state.offset(), this.pageSize);
		long promised = Math.min(this.pageSize, listing.totalRecord() - state.offset());
		boolean moved = state.movedTo(listing.totalRecord());
		if ((moved || listing.files().size() < promised) && rereads().allowAfter(state.attempt())) {
			String why = moved ? "total_record moved from " + state.total() + " to " + listing.totalRecord()
					: "a page at offset " + state.offset() + " held " + listing.files().size() + " of the " + promised
							+ " rows total_record promises there";
			readPartAgain(this.client.context(this.target) + ", window " + this.window,
					why + " while the listing was paged", From.START, state.attempt() + 1, state.reread());
			return true;
		}
		moveTo(state.withTotal(listing.totalRecord()));
		if (listing.files().isEmpty()) {
			// Nothing more at this offset: whatever total_record still claims is a short read.
			moveTo(state().finished());
			return false;
		}
		buffer(archive(listing.files()));
		return true;
	}

	/** The row's file, named with its sizes, when it was archived with a size that disagrees with the listing. */
	private static @Nullable String mismatch(ExportRecord row) {
		if (!"MISMATCH".equals(row.fields().get(RdsColumns.SIZE_CHECK))) {
			return null;
		}
		return row.fields().get("name") + " (id " + row.fields().get("id") + ") is " + row.fields().get(RdsColumns.FILE_BYTES)
				+ " bytes, listed as " + row.fields().get("size") + " KB";
	}

	/** The page's rows, with the files this window owns archived. */
	private List<ExportRecord> archive(List<AuditLogFile> files) {
		Map<String, RdsColumns.ArchivedFile> archived = new HashMap<>();
		List<AuditLogFile> toFetch = new ArrayList<>();
		for (AuditLogFile file : files) {
			if (owned(file)) {
				String key = this.fileKey.apply(file.id());
				Path path = this.staged.apply(key);
				RdsColumns.ArchivedFile onDisk = Files.isRegularFile(path) ? fromDisk(file, key, path) : null;
				if (onDisk != null && onDisk.sizeMatches()) {
					archived.put(file.id(), onDisk);
				}
				else {
					// Not yet fetched, or cut short by an earlier run that may have stopped before fetching it again.
					toFetch.add(file);
				}
			}
		}
		fetch(toFetch, archived);
		List<ExportRecord> records = new ArrayList<>(files.size());
		for (AuditLogFile file : files) {
			records.add(RdsColumns.toRecord(file, owned(file), archived.get(file.id())));
		}
		return records;
	}

	private boolean owned(AuditLogFile file) {
		return this.downloadFiles && this.window.contains(file.begin());
	}

	/**
	 * Downloads the files in order through links asked for in one batch, again through fresh links for those whose link
	 * expired (a bounded number of rounds) and for those whose bytes disagree with the listed size (up to the bound of
	 * {@link Rereads}, after a pause); a file that still disagrees is kept as it is and counted as a mismatch.
	 */
	private void fetch(List<AuditLogFile> files, Map<String, RdsColumns.ArchivedFile> archived) {
		List<AuditLogFile> pending = new ArrayList<>(files);
		Map<String, Integer> fetches = new HashMap<>();
		int linkRounds = 0;
		while (!pending.isEmpty()) {
			List<URI> links = this.client.links(this.target, pending.stream().map(AuditLogFile::id).toList());
			List<AuditLogFile> expired = new ArrayList<>();
			List<AuditLogFile> shortOnes = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				AuditLogFile file = pending.get(i);
				String key = this.fileKey.apply(file.id());
				RdsApiClient.Download download = this.client.download(this.target, file.id(), links.get(i),
						this.staged.apply(key));
				if (!(download instanceof RdsApiClient.Downloaded done)) {
					expired.add(file);
					continue;
				}
				int fetched = fetches.merge(file.id(), 1, Integer::sum);
				boolean sizeMatches = file.sizeMatches(done.bytes());
				if (!sizeMatches && rereads().allowAfter(fetched)) {
					log.warn("{}, window {}: audit-log file {} (id {}) arrived with {} bytes where the listing says {} KB; "
							+ "fetching it again (attempt {} of {})", this.client.context(this.target), this.window,
							file.name(), file.id(), done.bytes(), file.sizeKb(), fetched + 1, rereads().maxAttempts());
					shortOnes.add(file);
					continue;
				}
				archived.put(file.id(), new RdsColumns.ArchivedFile(key, done.bytes(), done.sha256(), sizeMatches));
			}
			if (!expired.isEmpty() && ++linkRounds >= LINK_ROUNDS) {
				throw new SourceException(SourceException.Kind.SERVER, this.client.context(this.target) + ", window "
						+ this.window + ": download links kept expiring before " + expired.size()
						+ " files could be fetched");
			}
			if (!shortOnes.isEmpty()) {
				int attempt = shortOnes.stream().mapToInt((file) -> fetches.get(file.id())).max().getAsInt() + 1;
				rereads().pauseBefore(attempt, this.client.context(this.target) + ", window " + this.window);
			}
			pending = new ArrayList<>(expired);
			pending.addAll(shortOnes);
		}
	}

	/** A file archived by an earlier, interrupted run: hashed where it is, not fetched again. */
	private RdsColumns.ArchivedFile fromDisk(AuditLogFile file, String key, Path path) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
			long bytes = in.transferTo(OutputStream.nullOutputStream());
			String sha256 = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
			return new RdsColumns.ArchivedFile(key, bytes, sha256, file.sizeMatches(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + path + ": " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
