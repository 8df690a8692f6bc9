package dev.logtally.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
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
		try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), newDigest())) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		}
	}

}
