package dev.logtally.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, as every archive object, manifest and staging file is hashed: lowercase hex. */
public final class Sha256 {

	private Sha256() {
	}

	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK has no SHA-256", ex);
		}
	}

	/** The hash of what {@code digest} has taken in so far, leaving it able to take more. */
	public static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(copy(digest).digest());
	}

	/** A digest that has taken in what {@code digest} has, and goes on independently of it. */
	public static MessageDigest copy(MessageDigest digest) {
		try {
			return (MessageDigest) digest.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", ex);
		}
	}

	public static String of(byte[] bytes) {
		return HexFormat.of().formatHex(newDigest().digest(bytes));
	}

	public static String of(Path file) throws IOException {
		return HexFormat.of().formatHex(digestOfFirst(file, Long.MAX_VALUE).digest());
	}

	/** A digest that has taken in the file's first {@code length} bytes (all of a shorter file), and can take more. */
	public static MessageDigest digestOfFirst(Path file, long length) throws IOException {
		MessageDigest digest = newDigest();
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[64 * 1024];
			long left = length;
			int read;
			while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
				digest.update(buffer, 0, read);
				left -= read;
			}
		}
		return digest;
	}

}
