package dev.logtally.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The default job repository: one embedded H2 database per job spec, {@code <home>/jobs/<job>/repository.mv.db}.
 *
 * <p>Each process opens its job's file on its own (no {@code AUTO_SERVER}), so no process depends on another staying
 * alive: two different jobs never share a database, and a second process of the same job cannot open the file while
 * the first holds it (H2 locks it with an operating-system lock, which a process killed with -9 loses), which is
 * reported as {@link JobDatabaseInUseException}.
 *
 * <p>Before H2 opens it, the folders are made 0700 and the file 0600, whatever the umask, and a job's first run copies
 * the history of the database that all jobs of a home shared before ({@code <home>/repository.mv.db}), so that restart
 * checkpoints, attempts and high-water marks carry over.
 * @param home the home folder
 * @param job the job spec's name (a file name: the spec loader allows no separators and no leading dot)
 */
public record JobDatabase(Path home, String job) {

	/** H2's "Database may be already in use". */
	static final int DATABASE_ALREADY_OPEN = 90020;

	/** Serialises this JVM's copies of the shared database, which also hold a file lock between processes. */
	private static final Object ADOPTING = new Object();

	/** The folder of the job's database files. */
	public Path folder() {
		return this.home.resolve("jobs").resolve(this.job);
	}

	/** The database file. */
	public Path file() {
		return folder().resolve("repository.mv.db");
	}

	/** The database that every job of the home shared before each job had its own. */
	public Path sharedFile() {
		return this.home.resolve("repository.mv.db");
	}

	/**
	 * The default job repository of the application's environment: {@code spring.datasource.url} is the H2 file
	 * database of {@code logtally.job} under {@code logtally.home}, as {@code logtally.yml} sets it; empty for any
	 * other database ({@code --config} with PostgreSQL, or an H2 URL an operator chose).
	 */
	public static Optional<JobDatabase> of(Environment environment) {
		String home = environment.getProperty("logtally.home");
		String job = environment.getProperty("logtally.job");
		String url = environment.getProperty("spring.datasource.url");
		if (home == null || job == null || url == null) {
			return Optional.empty();
		}
		JobDatabase database = new JobDatabase(Path.of(home).toAbsolutePath().normalize(), job);
		String prefix = "jdbc:h2:file:" + database.folder().resolve("repository");
		return url.equals(prefix) || url.startsWith(prefix + ";") ? Optional.of(database) : Optional.empty();
	}

	/**
	 * Makes the job's folder and file ready for H2 to open: folders 0700, the file 0600 (created empty when new,
	 * which H2 takes as a new database), and the shared database's history copied on the job's first run.
	 * @throws JobDatabaseInUseException when the shared database is open in another (older) logtally process
	 */
	public void prepare() {
		OwnerOnly.createFolders(folder());
		try {
			if (!Files.exists(file()) && Files.isRegularFile(sharedFile())) {
				adoptShared();
			}
			if (!Files.exists(file())) {
				Files.createFile(file());
			}
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			// A second process of the same job created it at the same moment: H2 tells which one runs.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare the job repository " + file() + ": " + ex.getMessage(), ex);
		}
		OwnerOnly.restrictFile(file());
	}

	/**
	 * Copies the shared database to the job's file, whole, while holding the shared file's lock (as H2 does when it
	 * opens it), so that the copy is a state H2 committed; it is written aside and renamed, so that a copy cut short
	 * (a full disk, a kill) is never taken for the job's database.
	 */
	private void adoptShared() throws IOException {
		synchronized (ADOPTING) {
			Path serial = this.home.resolve("jobs").resolve(".adopting.lock");
			try (FileChannel serialChannel = FileChannel.open(serial, StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock serialLock = serialChannel.lock()) {
				OwnerOnly.restrictFile(serial);
				if (Files.exists(file())) {
					// The same job's other process copied it while this one waited.
					return;
				}
				Path partial = folder().resolve("repository.mv.db.adopting");
				try (FileChannel source = FileChannel.open(sharedFile(), StandardOpenOption.READ,
						StandardOpenOption.WRITE); FileLock sourceLock = tryLock(source)) {
					if (sourceLock == null) {
						throw new JobDatabaseInUseException("the shared job repository " + sharedFile()
								+ " is open in another logtally process; job spec '" + this.job
								+ "' copies its history from it once: run again when that process has ended");
					}
					try (FileChannel target = FileChannel.open(partial, StandardOpenOption.CREATE,
							StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
						OwnerOnly.restrictFile(partial);
						long size = source.size();
						for (long position = 0; position < size;) {
							position += source.transferTo(position, size - position, target);
						}
						target.force(true);
					}
				}
				Files.move(partial, file(), StandardCopyOption.ATOMIC_MOVE);
			}
		}
	}

	private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	/**
	 * The process holding the file's lock, as Linux lists it in {@code /proc/locks} ({@code 1: POSIX ADVISORY WRITE
	 * <pid> <major>:<minor>:<inode> 0 EOF}), matched by inode; empty elsewhere or when it cannot tell.
	 */
	private Optional<Long> holder() {
		Path locks = Path.of("/proc/locks");
		try {
			if (!Files.isReadable(locks)) {
				return Optional.empty();
			}
			String inode = ":" + Files.getAttribute(file(), "unix:ino");
			try (java.util.stream.Stream<String> lines = Files.lines(locks)) {
				return lines.map((line) -> line.trim().split("\\s+"))
					.filter((fields) -> fields.length > 5 && "WRITE".equals(fields[3]) && fields[5].endsWith(inode))
					.map((fields) -> Long.parseLong(fields[4]))
					.findFirst();
			}
		}
		catch (IOException | RuntimeException ex) {
			// Only a detail of the message: without it, the message still says why.
			return Optional.empty();
		}
	}

	/**
	 * Whether {@code failure} is this job's database being open in another process: H2's "Database may be already in
	 * use", or the shared database found in use while preparing.
	 * @return the failure as operators read it, naming the job spec, or empty
	 */
	public Optional<JobDatabaseInUseException> inUse(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JobDatabaseInUseException inUse) {
				return Optional.of(inUse);
			}
			if (cause instanceof SQLException sql && sql.getErrorCode() == DATABASE_ALREADY_OPEN) {
				return Optional.of(new JobDatabaseInUseException("another run of job spec '" + this.job
						+ "' is in progress (" + holder().map((pid) -> "process " + pid + " on this host")
							.orElse("another logtally process")
						+ " holds its job repository " + file() + "); refusing to start a second one"));
			}
		}
		return Optional.empty();
	}

}
