package dev.logtally.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The sandbox's credential files: fresh secrets, in files only their owner can read. */
public final class CredentialFiles {

	private static final SecureRandom RANDOM = new SecureRandom();

	private CredentialFiles() {
	}

	/** A new random secret, 32 hex digits, that no earlier sandbox accepted. */
	public static String freshSecret() {
		return HexFormat.of().formatHex(RANDOM.generateSeed(16));
	}

	/**
	 * Writes {@code value} to {@code folder/name}, replacing the file, readable by its owner only (where the file system
	 * knows owners).
	 * @return the file
	 */
	public static Path write(Path folder, String name, String value) throws IOException {
		Path file = folder.resolve(name);
		Files.deleteIfExists(file);
		Files.createFile(file);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the folder's own permissions apply.
		}
		Files.writeString(file, value);
		return file;
	}

}
