package dev.logtally.tally;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A local file that could not be written, for a cause an operator acts on: the one place that turns an
 * {@link IOException} on a path of the home, the staging folders or a local archive into a cause and a remedy. Its
 * message is one line, {@code <path>: no space left on device; free space and run again}.
 *
 * <p>The JDK says {@code ENOSPC} only in a bare {@code IOException("No space left on device")} without the path, and
 * {@code EACCES} only as the path: the caller that knows which path it wrote names it.
 */
public final class FileSystemFault extends UncheckedIOException {

	/** What the file system said, and what the operator does about it. */
	public enum Cause {

		/** {@code ENOSPC}, or {@code EDQUOT}: retrying cannot help until space is freed, then the run resumes. */
		NO_SPACE("no space left on device", Remedy.FREE_SPACE, "free space"),
		/** {@code EROFS}. */
		READ_ONLY("read-only file system", Remedy.FIX, "remount it read-write or choose another folder"),
		/** {@code EACCES} or {@code EPERM}. */
		PERMISSION_DENIED("permission denied", Remedy.FIX,
				"give the user running logtally write access or choose another folder"),
		/** {@code ENOTDIR}, or a file where a folder is to be created. */
		NOT_A_DIRECTORY("not a directory", Remedy.FIX, "move the file away or choose another folder");

		private final String words;

		private final Remedy remedy;

		private final String fix;

		Cause(String words, Remedy remedy, String fix) {
			this.words = words;
			this.remedy = remedy;
			this.fix = fix;
		}

		/** The cause as {@code strerror} says it, in lower case: "no space left on device". */
		public String words() {
			return this.words;
		}

		public Remedy remedy() {
			return this.remedy;
		}

	}

	private final Path path;

	private final Cause cause;

	private FileSystemFault(Path path, Cause cause, IOException failure) {
		super(path + ": " + cause.words + "; " + cause.remedy.after(cause.fix), failure);
		this.path = path;
		this.cause = cause;
	}

	/**
	 * The fault of writing {@code path}, when {@code failure} is one of the known causes.
	 * @param path what was written (the JDK's own path is preferred where it names one: it is the exact file)
	 */
	public static Optional<FileSystemFault> of(Path path, IOException failure) {
		return cause(failure).map((cause) -> new FileSystemFault(exactPath(path, failure), cause, failure));
	}

	/**
	 * The fault of writing in {@code folder}, named as that folder whatever file the JDK names: a probe's temporary
	 * file means nothing to an operator.
	 */
	public static Optional<FileSystemFault> in(Path folder, IOException failure) {
		return cause(failure).map((cause) -> new FileSystemFault(folder.toAbsolutePath().normalize(), cause, failure));
	}

	/**
	 * {@code failure} as a fault of writing {@code path} when its cause is known, else as it is, wrapped with the path.
	 */
	public static UncheckedIOException writing(Path path, IOException failure) {
		Optional<FileSystemFault> fault = of(path, failure);
		if (fault.isPresent()) {
			return fault.get();
		}
		return new UncheckedIOException("cannot write " + path + ": " + failure.getMessage(), failure);
	}

	/**
	 * The first fault in {@code failure}'s chain of causes, or a known cause in an {@link IOException} of the chain that
	 * nobody classified (a library's own write), then named by {@code path}, the file or folder it was writing.
	 */
	public static Optional<FileSystemFault> in(Throwable failure, @Nullable Path path) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof FileSystemFault fault) {
				return Optional.of(fault);
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException io
					&& (path != null || io instanceof FileSystemException system && system.getFile() != null)) {
				Optional<FileSystemFault> fault = of(path != null ? path : Path.of(""), io);
				if (fault.isPresent()) {
					return fault;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return Optional.empty();
	}

	/** The known cause of {@code failure}, from its type or from {@code strerror}'s words in its message. */
	static Optional<Cause> cause(IOException failure) {
		if (failure instanceof AccessDeniedException) {
			return Optional.of(Cause.PERMISSION_DENIED);
		}
		if (failure instanceof FileAlreadyExistsException exists && exists.getFile() != null
				&& !Files.isDirectory(Path.of(exists.getFile()))) {
			// Files.createDirectories where a file is in the way.
			return Optional.of(Cause.NOT_A_DIRECTORY);
		}
		String said = failure instanceof FileSystemException system && system.getReason() != null ? system.getReason()
				: failure.getMessage();
		if (said == null) {
			return Optional.empty();
		}
		String lower = said.toLowerCase(Locale.ROOT);
		if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
			return Optional.of(Cause.NO_SPACE);
		}
		if (lower.contains("read-only file system")) {
			return Optional.of(Cause.READ_ONLY);
		}
		if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
			return Optional.of(Cause.PERMISSION_DENIED);
		}
		if (lower.contains("not a directory")) {
			return Optional.of(Cause.NOT_A_DIRECTORY);
		}
		return Optional.empty();
	}

	private static Path exactPath(Path path, IOException failure) {
		if (failure instanceof FileSystemException system && system.getFile() != null) {
			return Path.of(system.getFile()).toAbsolutePath().normalize();
		}
		return path.toAbsolutePath().normalize();
	}

	/** The file or folder that could not be written. */
	public Path path() {
		return this.path;
	}

	public Cause fault() {
		return this.cause;
	}

	public Remedy remedy() {
		return this.cause.remedy;
	}

}
