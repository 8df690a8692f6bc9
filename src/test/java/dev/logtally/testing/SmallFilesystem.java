package dev.logtally.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few megabytes mounted on a fresh folder: a real filesystem that fills up ({@code ENOSPC}) or turns
 * read-only ({@code EROFS}) under a process, as an operator's small home disk does. Mounting needs root
 * ({@code CAP_SYS_ADMIN}); where it is refused, the test that asked is skipped, not failed.
 */
public final class SmallFilesystem implements AutoCloseable {

	private static final String FILLER = ".filler";

	private final Path root;

	private SmallFilesystem(Path root) {
		this.root = root;
	}

	/**
	 * Mounts a tmpfs of {@code bytes} on a new folder under {@code parent}.
	 * @throws org.opentest4j.TestAbortedException when this machine does not allow mounting
	 */
	public static SmallFilesystem mount(Path parent, long bytes) {
		Path root;
		try {
			root = Files.createTempDirectory(parent, "small-fs");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int code = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "tmpfs", root.toString());
		Assumptions.assumeTrue(code == 0, "mounting a tmpfs needs root (CAP_SYS_ADMIN); mount exited " + code);
		return new SmallFilesystem(root);
	}

	/** The mount point. */
	public Path root() {
		return this.root;
	}

	/**
	 * Fills the filesystem with a filler file until it is full, less {@code leaveBytes} (rounded to pages). Appends to
	 * the filler, so that calling it again takes up what a process freed since.
	 */
	public void fill(long leaveBytes) {
		try (OutputStream out = Files.newOutputStream(this.root.resolve(FILLER), StandardOpenOption.CREATE,
				StandardOpenOption.APPEND)) {
			byte[] block = new byte[4096];
			while (Files.getFileStore(this.root).getUsableSpace() > leaveBytes) {
				out.write(block);
			}
		}
		catch (IOException ex) {
			if (leaveBytes > 0) {
				throw new UncheckedIOException(ex);
			}
			// full before the last block: that is what was asked
		}
	}

	/** Fills the filesystem to the last byte. */
	public void fill() {
		fill(0);
	}

	/** Deletes the filler: the space it took is free again. */
	public void free() {
		try {
			Files.deleteIfExists(this.root.resolve(FILLER));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Remounts the filesystem read-only ({@code true}) or read-write ({@code false}), keeping its files. */
	public void readOnly(boolean readOnly) {
		int code = run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), this.root.toString());
		if (code != 0) {
			throw new IllegalStateException("remounting " + this.root + " exited " + code);
		}
	}

	/** Unmounts the filesystem (lazily, should a process still hold a file there) and removes the mount point. */
	@Override
	public void close() {
		run("umount", "-l", this.root.toString());
		try {
			Files.deleteIfExists(this.root);
		}
		catch (IOException ex) {
			// a mount point still busy is removed with the test's temporary folder, or not at all: harmless
		}
	}

	private static int run(String... command) {
		List<String> arguments = new ArrayList<>(List.of(command));
		try {
			Process process = new ProcessBuilder(arguments).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}
