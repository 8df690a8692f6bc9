package dev.logtally.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Folders and files that only their owner may read: the home folder and the job repository hold run history that
 * names sources, targets and ranges. The mode is set after creation, so the umask (000 under some schedulers) cannot
 * widen it.
 */
public final class OwnerOnly {

	static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

	static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnly() {
	}

	/**
	 * Creates {@code folder} and its missing parents, each one created here 0700; folders that exist keep their mode
	 * (an operator may have chosen it).
	 */
	public static void createFolders(Path folder) {
		Deque<Path> missing = new ArrayDeque<>();
		for (Path current = folder.toAbsolutePath().normalize(); current != null
				&& !Files.isDirectory(current); current = current.getParent()) {
			missing.push(current);
		}
		try {
			for (Path created : missing) {
				try {
					Files.createDirectory(created);
				}
				catch (FileAlreadyExistsException ex) {
					// Another process created it at the same moment (or it is not a folder: the next step says so).
					if (!Files.isDirectory(created)) {
						throw ex;
					}
					continue;
				}
				restrict(created, FOLDER);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + folder + ": " + ex.getMessage(), ex);
		}
	}

	/** Makes an existing file 0600. */
	public static void restrictFile(Path file) {
		try {
			restrict(file, FILE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot make " + file + " private: " + ex.getMessage(), ex);
		}
	}

	private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

}
