package dev.logtally.source;

import java.nio.file.Path;

import dev.logtally.window.Window;

/**
 * Where a source that archives files whole (RDS audit-log files) puts the files it downloads, until their window is
 * published. The source states what it needs and the archive, which alone decides keys and staging folders, provides
 * it (its {@code ArchiveLayout}): so a source reads and downloads without knowing the archive, and the imports run
 * one way, from the archive down to the sources.
 */
public interface FileStaging {

	/** The archive key of a file that a window archives whole, named by the id its listing row gives it. */
	String archivedFileKey(String source, String target, Window window, String fileId);

	/** Where the object with this key is staged locally until its window is published. */
	Path staged(String key);

}
