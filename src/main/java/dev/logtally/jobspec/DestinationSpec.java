package dev.logtally.jobspec;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Where the archive is written: a local directory, or a prefix of an S3 bucket. Exactly one of {@code root} and
 * {@code s3} is set.
 * @param root the archive's root directory (absolute; relative paths in a spec are resolved against the spec's folder)
 * @param s3 the bucket and how to reach it
 * @param compression how data files are compressed
 * @param headFile where each run that appends to the job's chain writes its head ({@code ChainHead}), for operators to
 *     copy outside the archive; {@code null} for none. A local file, whatever the destination.
 */
public record DestinationSpec(@Nullable Path root, @Nullable S3DestinationSpec s3, Compression compression,
		@Nullable Path headFile) {

	public DestinationSpec(Path root, Compression compression) {
		this(root, null, compression, null);
	}

	public boolean isS3() {
		return this.s3 != null;
	}

	/** The destination for messages: a path or {@code s3://bucket/prefix}. */
	public String describe() {
		return isS3() ? this.s3.uri() : String.valueOf(this.root);
	}

}
