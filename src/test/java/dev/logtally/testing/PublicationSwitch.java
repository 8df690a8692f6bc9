package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.logtally.archive.ArchiveLayout;

/**
 * Kills a logtally process with SIGKILL (or does something else to it) as soon as the first window manifest appears in
 * its local archive: every window has then been read and committed, and publication is under way. Watches the archive folder and every folder created
 * under it (file-system events, not polling), so it must be set up before the process starts.
 */
public final class PublicationSwitch implements AutoCloseable {

	private final Path archive;

	private final WatchService watcher;

	private final Predicate<Path> awaited;

	private boolean manifestSeen;

	private PublicationSwitch(Path archive, Predicate<Path> awaited) throws IOException {
		this.archive = archive;
		this.awaited = awaited;
		this.watcher = FileSystems.getDefault().newWatchService();
	}

	/** Starts watching {@code archive}, creating it if it does not exist yet (the export accepts an empty folder). */
	public static PublicationSwitch watch(Path archive) {
		return watch(archive, (file) -> file.getFileName().toString().endsWith(ArchiveLayout.MANIFEST_SUFFIX));
	}

	/**
	 * Watches {@code archive} for the first run manifest instead: every window is then published and the run's
	 * manifest written, and the run is about to end.
	 */
	public static PublicationSwitch watchRunManifests(Path archive) {
		Path runs = archive.resolve(ArchiveLayout.RUNS);
		return watch(archive, (file) -> file.startsWith(runs) && file.getFileName().toString().endsWith(".json"));
	}

	/** Watches {@code folder} (created if missing) for the first file that {@code awaited} accepts. */
	public static PublicationSwitch watch(Path archive, Predicate<Path> awaited) {
		try {
			Files.createDirectories(archive);
			PublicationSwitch publicationSwitch = new PublicationSwitch(archive, awaited);
			publicationSwitch.register(archive);
			return publicationSwitch;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for the first window manifest, then kills {@code process}; returns early if the process ends first.
	 * @return whether a manifest appeared while the process was alive, so that it was killed during publication
	 */
	public boolean killAtFirstManifest(LogtallyProcess process) {
		return atFirstManifest(process, process::kill);
	}

	/**
	 * Waits for the first window manifest, then runs {@code action} (also when the process ended first).
	 * @return whether a manifest appeared while the process was alive, so that the action ran during publication
	 */
	public boolean atFirstManifest(LogtallyProcess process, Runnable action) {
		try {
			while (!this.manifestSeen && process.isAlive()) {
				// bounded, so that a process that ends without publishing does not keep the test waiting
				WatchKey key = this.watcher.poll(1, TimeUnit.SECONDS);
				if (key != null) {
					handle(key);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		boolean alive = process.isAlive();
		action.run();
		return this.manifestSeen && alive;
	}

	private void handle(WatchKey key) throws IOException {
		Path folder = (Path) key.watchable();
		for (WatchEvent<?> event : key.pollEvents()) {
			if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
				register(this.archive);
			}
			else {
				see(folder.resolve((Path) event.context()));
			}
		}
		key.reset();
	}

	/** Watches a folder, then looks at what it already holds: it may have filled before it was watched. */
	private void register(Path folder) throws IOException {
		List<Path> entries;
		try {
			folder.register(this.watcher, StandardWatchEventKinds.ENTRY_CREATE);
			try (Stream<Path> list = Files.list(folder)) {
				entries = list.toList();
			}
		}
		catch (NoSuchFileException ex) {
			// a temporary folder, gone again
			return;
		}
		for (Path entry : entries) {
			see(entry);
		}
	}

	private void see(Path path) throws IOException {
		if (Files.isDirectory(path)) {
			register(path);
		}
		else if (this.awaited.test(path)) {
			this.manifestSeen = true;
		}
	}

	@Override
	public void close() {
		try {
			this.watcher.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
