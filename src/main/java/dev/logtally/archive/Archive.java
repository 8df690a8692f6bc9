package dev.logtally.archive;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

import dev.logtally.archive.s3.S3ArchiveStore;
import dev.logtally.jobspec.Compression;
import dev.logtally.jobspec.DestinationSpec;
import dev.logtally.jobspec.S3DestinationSpec;
import dev.logtally.jobspec.SigningKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The archive a run writes to: where its objects are stored, where each window's objects and staging files go, and the
 * key that signs its run manifests. Closing it releases the store's connections.
 * @param signingKey the key that signs each run manifest, or {@code null} when the job does not sign
 */
public record Archive(ArchiveStore store, ArchiveLayout layout, @Nullable SigningKey signingKey)
		implements AutoCloseable {

	public Archive(ArchiveStore store, ArchiveLayout layout) {
		this(store, layout, null);
	}

	/** The same archive, its run manifests signed with {@code key} ({@code null}: not signed). */
	public Archive signedBy(@Nullable SigningKey key) {
		return new Archive(this.store, this.layout, key);
	}

	/**
	 * A local directory, which also holds the staging files of windows being read.
	 * @param zone the job's zone, whose dates name the {@code dt=} folders
	 */
	public static Archive local(DestinationSpec destination, ZoneId zone) {
		LocalDirectoryStore store = new LocalDirectoryStore(destination.root());
		return new Archive(store, layout(store, destination.root(), destination.compression(), zone));
	}

	/**
	 * A prefix of an S3 bucket. Windows are staged, and objects prepared for upload, under {@code stagingRoot} on the
	 * local disk, which must survive a restart as the job repository does.
	 */
	public static Archive s3(DestinationSpec destination, ZoneId zone, AwsCredentialsProvider credentials,
			Clock clock, Path stagingRoot) {
		S3DestinationSpec s3 = destination.s3();
		S3ArchiveStore.Settings settings = S3ArchiveStore.Settings.DEFAULT
			.withPartSize(s3.partSizeMiB() * 1024L * 1024L);
		S3ArchiveStore store = S3ArchiveStore.create(s3, credentials, settings, clock, stagingRoot);
		return new Archive(store, layout(store, stagingRoot, destination.compression(), zone));
	}

	private static ArchiveLayout layout(ArchiveStore store, Path stagingRoot, Compression compression, ZoneId zone) {
		return new ArchiveLayout(stagingRoot, compression,
				new WindowFolders(zone, (key) -> store.stat(key).isPresent(), stagingRoot));
	}

	@Override
	public void close() {
		this.store.close();
	}

}
