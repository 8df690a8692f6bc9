package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Publishes a finished window: moves its {@code .part} file to the final name and writes its manifest, each by an
 * atomic rename of a file already forced to disk.
 *
 * <p>Idempotent, so it can be repeated after a crash at any point: a data file already moved is hashed where it is,
 * and the manifest is rewritten from the same counts.
 */
public final class WindowPublisher {

	/** A published data file's size and hash, read back from disk. */
	public record PublishedFile(Path path, long bytes, String sha256) {
	}

	/**
	 * @throws IllegalStateException if neither the {@code .part} file nor the data file exists
	 */
	public PublishedFile publishData(Path part, Path data) {
		try {
			if (Files.exists(part)) {
				move(part, data);
			}
			else if (!Files.isRegularFile(data)) {
				throw new IllegalStateException("neither " + part + " nor " + data + " exists: "
						+ "the window's output was removed outside logtally");
			}
			return new PublishedFile(data, Files.size(data), sha256(data));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot publish " + data + ": " + ex.getMessage(), ex);
		}
	}

	public void writeManifest(Path manifest, byte[] json) {
		Path temporary = manifest.resolveSibling(manifest.getFileName() + ArchiveLayout.PART_SUFFIX);
		try {
			Files.createDirectories(manifest.getParent());
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
					StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
				channel.write(java.nio.ByteBuffer.wrap(json));
				channel.force(true);
			}
			move(temporary, manifest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + manifest + ": " + ex.getMessage(), ex);
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

	/** Makes the rename itself durable (POSIX: the directory entry lives in the directory). */
	private static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms cannot open a directory for reading; the rename is still atomic there.
		}
	}

	public static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
