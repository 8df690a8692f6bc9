package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where archive objects live: a local directory or a prefix of an S3 bucket. Keys are relative to the archive's root,
 * {@code /}-separated ({@code scf-prod/order-api/dt=2026-11-21/20261121T000000Z_20261122T000000Z.csv.gz}).
 *
 * <p>The invariant every implementation keeps: an object is visible under its key complete or not at all. A reader
 * that sees a key sees all of its bytes, and a crash at any point leaves either the previous object or the new one.
 */
public interface ArchiveStore extends AutoCloseable {

	/**
	 * Checks, before a run starts, that the store can be reached with its credentials.
	 * @throws ArchiveStoreException naming the store and why it cannot be used
	 */
	default void probe() {
	}

	/**
	 * Checks, before a run writes to the store, what {@link #probe} checks and, where the store can try it without
	 * leaving a trace, that it may write there. {@code verify} only probes: an archive on read-only media can be
	 * verified.
	 * @throws ArchiveStoreException naming the store and why it cannot be written
	 */
	default void probeWritable() {
		probe();
	}

	/**
	 * Makes a finished local file the object at {@code key}, replacing any object there, and removes the file. Safe to
	 * call again with the same bytes after a crash: what an earlier call left half done is resumed or redone.
	 * @param file a complete local file, not under the archive's root (a store that lives on the local disk may ask
	 *     for it to be at {@link #scratchFile} so that it can be renamed)
	 * @param sha256 the file's SHA-256, lowercase hex: the store has it verified where it can (S3 checks it on receipt)
	 * @return what was stored
	 * @throws ArchiveStoreException naming the object when the store refuses it or every attempt failed
	 */
	StoredObject put(String key, Path file, String sha256);

	/**
	 * Copies the object at {@code from} to {@code to}, through a scratch file: what a store checks on {@code put} it
	 * checks on the copy.
	 * @throws ArchiveStoreException if there is no object at {@code from}, or the copy cannot be stored
	 */
	default StoredObject copy(String from, String to) {
		Path scratch = scratchFile(to);
		try (InputStream in = open(from);
				DigestInputStream digest = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
			Files.copy(digest, scratch, StandardCopyOption.REPLACE_EXISTING);
			return put(to, scratch, HexFormat.of().formatHex(digest.getMessageDigest().digest()));
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot copy " + describe(from) + " to " + describe(to) + ": "
					+ ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK has no SHA-256", ex);
		}
	}

	/** Stores a small object (a manifest) whole, as {@link #put(String, Path, String)} does a file. */
	StoredObject put(String key, byte[] content);

	/** The object at {@code key}, if there is one. */
	Optional<StoredObject> stat(String key);

	/**
	 * The object's bytes; the caller closes the stream.
	 * @throws ArchiveStoreException if there is no such object
	 */
	InputStream open(String key);

	/** Every key that starts with {@code prefix}, in lexicographic order. */
	List<String> list(String prefix);

	/**
	 * Where to write a file that will become the object at {@code key}: a local path the store can publish from at
	 * once (for a local directory, next to the final name, so that publishing is a rename).
	 */
	Path scratchFile(String key);

	/**
	 * Abandons every unfinished upload under {@code prefixes} except those for {@code keep}: uploads a crashed run
	 * left for windows the running run does not export (a later run of such a window starts a new upload). Stores without
	 * multipart uploads have none.
	 * @return the uploads abandoned, as {@code key (upload id)}
	 */
	List<String> abortUploads(Collection<String> prefixes, Collection<String> keep);

	/** The object's location for messages and manifests: {@code s3://bucket/prefix/key} or a path. */
	String describe(String key);

	/** Releases the store's connections. */
	@Override
	default void close() {
	}

}
