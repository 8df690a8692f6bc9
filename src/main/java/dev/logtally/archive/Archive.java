package dev.logtally.archive;

import dev.logtally.spec.DestinationSpec;

/**
 * The archive a run writes to: where its objects are stored, and where each window's objects and staging files go.
 */
public record Archive(ArchiveStore store, ArchiveLayout layout) {

	/** A local directory, which also holds the staging files of windows being read. */
	public static Archive local(DestinationSpec destination) {
		return new Archive(new LocalDirectoryStore(destination.root()),
				new ArchiveLayout(destination.root(), destination.compression()));
	}

}
