package dev.logtally.spec;

import java.nio.file.Path;

/**
 * Where the archive is written.
 * @param root the archive's root directory (absolute; relative paths in a spec are resolved against the spec's folder)
 * @param compression how data files are compressed
 */
public record DestinationSpec(Path root, Compression compression) {
}
