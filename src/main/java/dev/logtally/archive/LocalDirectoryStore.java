package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.logtally.tally.FileSystemFault;

/**
 * An archive in a local directory. An object is written under {@code <key>.part}, forced to disk, and renamed to its
 * key, and the rename is forced too: a file under its final name is always complete, whenever the machine stops.
 */
public final class LocalDirectoryStore implements ArchiveStore {

	/** The suffix of a file being written: never an object of the archive. */
	public static final String PART_SUFFIX = ".part";

	private final Path root;

	/** @param root the archive's root directory, created when the first object is written */
	public LocalDirectoryStore(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	public Path root() {
		return this.root;
	}

	/** Where the object at {@code key} lives. */
	public Path file(String key) {
		Path file = this.root.resolve(key).normalize();
		if (!file.startsWith(this.root) || file.equals(this.root)) {
			throw new IllegalArgumentException("the key " + key + " leaves the archive " + this.root);
		}
		return file;
	}

	/**
	 * Creates the directory where need be, and a small file in it that it deletes again, so that an archive that cannot
	 * be created or written (a file in its place or in a parent's, no permission, a read-only file system) is refused
	 * before a run starts rather than at its first window. Leaves nothing behind: the directories it created are
	 * removed too.
	 */
	@Override
	public void probeWritable() {
		Path existing = this.root;
		while (existing.getParent() != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (!Files.isDirectory(existing)) {
			throw new ArchiveStoreException("cannot write the archive " + this.root + ": "
					+ (existing.equals(this.root) ? "it is a file" : existing + " is a file") + ", not a directory",
					null);
		}
		try {
			Files.createDirectories(this.root);
			Files.delete(Files.createTempFile(this.root, ".logtally-probe-", PART_SUFFIX));
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot write the archive " + this.root + ": " + reason(ex), ex);
		}
		finally {
			for (Path created = this.root; !created.equals(existing); created = created.getParent()) {
				try {
					Files.deleteIfExists(created);
				}
				catch (IOException ex) {
					// Not empty: something else writes there now, so it is no longer the probe's to remove.
					break;
				}
			}
		}
	}

	/** A failed store, as the disk's fault where its cause is known (no space, read-only...), naming the object. */
	private static ArchiveStoreException storeFailure(Path target, IOException failure) {
		return FileSystemFault.of(target, failure)
			.map((fault) -> new ArchiveStoreException(fault.getMessage(), fault))
			.orElseGet(() -> new ArchiveStoreException("cannot store " + target + ": " + failure.getMessage(), failure));
	}

	/** An I/O failure in words: the JDK names only the file when permission is denied. */
	private static String reason(IOException failure) {
		if (failure instanceof AccessDeniedException denied) {
			return "permission denied on " + denied.getFile();
		}
		if (failure instanceof FileSystemException system && system.getReason() != null) {
			return system.getFile() + ": " + system.getReason();
		}
		return failure.getMessage();
	}

	@Override
	public StoredObject put(String key, Path file, String sha256) {
		Path target = file(key);
		try {
			if (!file.toAbsolutePath().normalize().equals(target)) {
				Files.createDirectories(target.getParent());
				force(file);
				move(file, target);
			}
			return new StoredObject(key, Files.size(target), null);
		}
		catch (IOException ex) {
			throw storeFailure(target, ex);
		}
	}

	@Override
	public StoredObject put(String key, byte[] content) {
		Path temporary = scratchFile(key);
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			move(temporary, file(key));
			return new StoredObject(key, content.length, null);
		}
		catch (IOException ex) {
			try {
				// What a full disk let through is no object: it would only sit in the archive as an unfinished one.
				Files.deleteIfExists(temporary);
			}
			catch (IOException leftover) {
				ex.addSuppressed(leftover);
			}
			throw storeFailure(file(key), ex);
		}
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		Path file = file(key);
		try {
			return Files.isRegularFile(file) ? Optional.of(new StoredObject(key, Files.size(file), null))
					: Optional.empty();
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public InputStream open(String key) {
		Path file = file(key);
		try {
			return Files.newInputStream(file);
		}
		catch (NoSuchFileException ex) {
			throw new ArchiveStoreException(file + " does not exist", ex, true);
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<String> list(String prefix) {
		if (!Files.isDirectory(this.root)) {
			return List.of();
		}
		// The walk has each entry's attributes already: only a link is looked at again, to see what it points to.
		try (Stream<Path> walk = Files.find(this.root, Integer.MAX_VALUE, (file, attributes) -> attributes
			.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file))) {
			return walk
				.map((file) -> this.root.relativize(file).toString().replace('\\', '/'))
				.filter((key) -> key.startsWith(prefix))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot list " + this.root + ": " + ex.getMessage(), ex);
		}
		catch (UncheckedIOException ex) {
			throw new ArchiveStoreException("cannot list " + this.root + ": " + ex.getCause().getMessage(), ex);
		}
	}

	@Override
	public Path scratchFile(String key) {
		Path file = file(key);
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot create " + file.getParent() + ": " + ex.getMessage(), ex);
		}
		return file.resolveSibling(file.getFileName() + PART_SUFFIX);
	}

	@Override
	public List<String> abortUploads(Collection<String> prefixes, Collection<String> keep) {
		return List.of();
	}

	@Override
	public String describe(String key) {
		return file(key).toString();
	}

	private static void force(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", ex);
		}
		forceDirectory(to.getParent());
	}

	/** Makes a rename itself durable (POSIX: the directory entry lives in the directory). */
	static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms cannot open a directory for reading; the rename is still atomic there.
		}
	}

}
