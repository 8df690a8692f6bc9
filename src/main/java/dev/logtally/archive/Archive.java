package dev.logtally.archive;

import java.nio.file.Path;
import java.time.Clock;

import dev.logtally.archive.s3.S3ArchiveStore;
import dev.logtally.spec.DestinationSpec;
import dev.logtally.spec.S3DestinationSpec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The archive a run writes to: where its objects are stored, and where each window's objects and staging files go.
 * Closing it releases the store's connections.
 */
public record Archive(ArchiveStore store, ArchiveLayout layout) implements AutoCloseable {

	/** A local directory, which also holds the staging files of windows being read. */
	public static Archive local(DestinationSpec destination) {
		return new Archive(new LocalDirectoryStore(destination.root()),
				new ArchiveLayout(destination.root(), destination.compression()));
	}

	/**
	 * A prefix of an S3 bucket. Windows are staged, and objects prepared for upload, under {@code stagingRoot} on the
	 * local disk, which must survive a restart as the job repository does.
	 */
	public static Archive s3(DestinationSpec destination, AwsCredentialsProvider credentials, Clock clock,
			Path stagingRoot) {
		S3DestinationSpec s3 = destination.s3();
		S3ArchiveStore.Settings settings = S3ArchiveStore.Settings.DEFAULT
			.withPartSize(s3.partSizeMiB() * 1024L * 1024L);
		return new Archive(S3ArchiveStore.create(s3, credentials, settings, clock, stagingRoot),
				new ArchiveLayout(stagingRoot, destination.compression()));
	}

	@Override
	public void close() {
		this.store.close();
	}

}
