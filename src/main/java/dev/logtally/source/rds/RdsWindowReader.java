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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.logtally.http.SourceException;
import dev.logtally.source.ExportRecord;
import dev.logtally.spec.RdsTarget;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the audit-log listing of one (instance, window) page by page and archives the files the window owns.
 *
 * <p>A file belongs to the window that holds its begin time: {@code ListAuditlogs} lists a file that straddles windows
 * in each of them, and each listing keeps the row, but only the owner downloads the file, so it is archived once.
 * Files are downloaded through links asked for in batches of at most 50, streamed to disk (never held in memory) under
 * a temporary name and renamed when complete; an expired link is asked for again. Restart state is the listing offset:
 * a restarted reader lists the page again and finds the files it already archived on disk, which it hashes there
 * instead of fetching them again.
 */
public final class RdsWindowReader implements ItemStreamReader<ExportRecord> {

	/** A page whose links keep expiring is asked for new ones this many times before the window fails. */
	private static final int LINK_ROUNDS = 5;

	private final RdsApiClient client;

	private final RdsTarget target;

	private final Window window;

	private final int pageSize;

	private final boolean downloadFiles;

	private final Function<String, String> fileKey;

	private final Function<String, Path> staged;

	private final Deque<ExportRecord> page = new ArrayDeque<>();

	private RdsReaderState state;

	/**
	 * @param fileKey the archive key of the file with this id, which its listing row names
	 * @param staged where the object with this key is staged until the window is published
	 */
	public RdsWindowReader(RdsApiClient client, RdsTarget target, Window window, int pageSize, boolean downloadFiles,
			Function<String, String> fileKey, Function<String, Path> staged) {
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
		this.downloadFiles = downloadFiles;
		this.fileKey = fileKey;
		this.staged = staged;
	}

	@Override
	public void open(ExecutionContext context) {
		this.state = context.containsKey(RdsReaderState.OFFSET) ? RdsReaderState.load(context) : RdsReaderState.START;
	}

	@Override
	public @Nullable ExportRecord read() {
		while (true) {
			ExportRecord next = this.page.poll();
			if (next != null) {
				this.state = this.state.consumed(Boolean.parseBoolean(next.fields().get(RdsColumns.ARCHIVED_HERE)),
						!next.fields().get(RdsColumns.FILE_BYTES).isEmpty(),
						"MISMATCH".equals(next.fields().get(RdsColumns.SIZE_CHECK)));
				return next;
			}
			if (this.state.done()) {
				return null;
			}
			if (this.state.total() >= 0 && this.state.offset() >= this.state.total()) {
				this.state = this.state.finished();
				return null;
			}
			RdsResponseParser.Listing listing = this.client.list(this.target, this.window, this.state.offset(),
					this.pageSize);
			this.state = this.state.withTotal(listing.totalRecord());
			if (listing.files().isEmpty()) {
				// Nothing more at this offset: whatever total_record still claims is a short read.
				this.state = this.state.finished();
				return null;
			}
			this.page.addAll(archive(listing.files()));
		}
	}

	/** The page's rows, with the files this window owns archived. */
	private List<ExportRecord> archive(List<AuditLogFile> files) {
		Map<String, RdsColumns.ArchivedFile> archived = new HashMap<>();
		List<AuditLogFile> toFetch = new ArrayList<>();
		for (AuditLogFile file : files) {
			if (owned(file)) {
				String key = this.fileKey.apply(file.id());
				Path path = this.staged.apply(key);
				if (Files.isRegularFile(path)) {
					archived.put(file.id(), fromDisk(file, key, path));
				}
				else {
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

	/** Downloads the files in order, asking again for links that expired, a bounded number of times. */
	private void fetch(List<AuditLogFile> files, Map<String, RdsColumns.ArchivedFile> archived) {
		List<AuditLogFile> pending = new ArrayList<>(files);
		for (int round = 1; !pending.isEmpty(); round++) {
			if (round > LINK_ROUNDS) {
				throw new SourceException(SourceException.Kind.SERVER, this.client.context(this.target) + ", window "
						+ this.window + ": download links kept expiring before " + pending.size()
						+ " files could be fetched");
			}
			List<URI> links = this.client.links(this.target, pending.stream().map(AuditLogFile::id).toList());
			List<AuditLogFile> expired = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				AuditLogFile file = pending.get(i);
				String key = this.fileKey.apply(file.id());
				RdsApiClient.Download download = this.client.download(this.target, file.id(), links.get(i),
						this.staged.apply(key));
				if (download instanceof RdsApiClient.Downloaded done) {
					archived.put(file.id(), new RdsColumns.ArchivedFile(key, done.bytes(), done.sha256(),
							file.sizeMatches(done.bytes())));
				}
				else {
					expired.add(file);
				}
			}
			pending = expired;
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

	@Override
	public void update(ExecutionContext context) {
		this.state.store(context);
	}

	@Override
	public void close() {
		this.page.clear();
	}

}
