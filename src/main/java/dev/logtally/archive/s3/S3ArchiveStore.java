package dev.logtally.archive.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.logtally.archive.ArchiveStore;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.LocalDirectoryStore;
import dev.logtally.archive.Sha256;
import dev.logtally.archive.StoredObject;
import dev.logtally.jobspec.S3DestinationSpec;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * An archive under a prefix of an S3 bucket (AWS, or any S3-compatible store), on the AWS SDK for Java v2.
 *
 * <p>S3 makes an object visible only once it is complete (a PUT, or the completion of a multipart upload), so no
 * partial object ever sits under its key. Every upload carries its SHA-256 for S3 to verify on receipt: the whole
 * object's on a single PUT, each part's on a multipart upload, whose composite checksum (the SHA-256 of the parts'
 * digests, {@code -N}) is checked again against the parts sent. The object's own SHA-256 travels as user metadata
 * {@value #SHA256_METADATA}.
 *
 * <p>A file larger than a part goes up in parts of {@link Settings#partSize}, streamed from disk. If the process dies
 * mid-upload the upload stays open; the next {@code put} of the same key finds it, keeps every part S3 holds whose
 * number, size and SHA-256 match the file's, sends the rest and completes it. A failed upload is aborted. The uploads
 * a dead run left for keys no run will write again are for {@link #abortUploads} to remove.
 */
public final class S3ArchiveStore implements ArchiveStore {

	/** The user metadata that carries an object's SHA-256 (hex), whichever way it was uploaded. */
	public static final String SHA256_METADATA = "logtally-sha256";

	/** S3's smallest part, except the last. */
	public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

	/**
	 * How the store talks to S3.
	 * @param partSize the size of each part of a multipart upload; files up to this size go up in one PUT
	 * @param maxAttempts attempts of each request before an error is final (throttling, 5xx and network faults are
	 *     retried with the SDK's standard exponential backoff and jitter)
	 * @param attemptTimeout how long one attempt of a request may take before it is abandoned and retried
	 */
	public record Settings(long partSize, int maxAttempts, Duration attemptTimeout) {

		public static final Settings DEFAULT = new Settings(16L * 1024 * 1024, 5, Duration.ofMinutes(5));

		public Settings {
			if (partSize < MIN_PART_SIZE) {
				throw new IllegalArgumentException("an S3 part is at least " + MIN_PART_SIZE + " bytes");
			}
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1");
			}
		}

		public Settings withPartSize(long size) {
			return new Settings(size, this.maxAttempts, this.attemptTimeout);
		}

		public Settings withAttemptTimeout(Duration timeout) {
			return new Settings(this.partSize, this.maxAttempts, timeout);
		}

	}

	private final S3Client client;

	private final S3DestinationSpec destination;

	private final Settings settings;

	private final Clock clock;

	private final LocalDirectoryStore scratch;

	private final @Nullable ServerSideEncryption encryption;

	private final @Nullable StorageClass storageClass;

	private final @Nullable ObjectLockMode lockMode;

	/**
	 * @param scratchRoot a local directory for the files being prepared for upload
	 */
	public S3ArchiveStore(S3Client client, S3DestinationSpec destination, Settings settings, Clock clock,
			Path scratchRoot) {
		this.client = client;
		this.destination = destination;
		this.settings = settings;
		this.clock = clock;
		this.scratch = new LocalDirectoryStore(scratchRoot);
		this.encryption = destination.encryption() == null ? null
				: ServerSideEncryption.fromValue(destination.encryption());
		this.storageClass = destination.storageClass() == null ? null
				: StorageClass.fromValue(destination.storageClass());
		this.lockMode = destination.objectLockMode() == null ? null
				: ObjectLockMode.fromValue(destination.objectLockMode());
	}

	/** A store with its own client for the destination, signed with {@code credentials}. */
	public static S3ArchiveStore create(S3DestinationSpec destination, AwsCredentialsProvider credentials,
			Settings settings, Clock clock, Path scratchRoot) {
		return new S3ArchiveStore(client(destination, credentials, settings), destination, settings, clock,
				scratchRoot);
	}

	/** An S3 client for the destination: its endpoint, region and addressing, with bounded retries and timeouts. */
	public static S3Client client(S3DestinationSpec destination, AwsCredentialsProvider credentials,
			Settings settings) {
		var builder = S3Client.builder()
			.region(Region.of(destination.region()))
			.credentialsProvider(credentials)
			.forcePathStyle(destination.pathStyle())
			.httpClientBuilder(Apache5HttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(10))
				.socketTimeout(Duration.ofSeconds(60)))
			.overrideConfiguration((config) -> config
				.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
					.toBuilder()
					.maxAttempts(settings.maxAttempts())
					.build())
				.apiCallAttemptTimeout(settings.attemptTimeout()));
		if (destination.endpoint() != null) {
			builder.endpointOverride(destination.endpoint());
		}
		return builder.build();
	}

	public S3DestinationSpec destination() {
		return this.destination;
	}

	/** Lists one key under the prefix: the bucket exists, the endpoint answers and the credentials are accepted. */
	@Override
	public void probe() {
		try {
			this.client.listObjectsV2((request) -> request.bucket(this.destination.bucket())
				.prefix(basePrefix())
				.maxKeys(1));
		}
		catch (SdkException ex) {
			throw new ArchiveStoreException("cannot use " + this.destination.uri() + ": " + reason(ex), ex);
		}
	}

	@Override
	public StoredObject put(String key, Path file, String sha256) {
		try {
			long size = Files.size(file);
			StoredObject stored = size <= this.settings.partSize() ? putWhole(key, file, size, sha256)
					: putInParts(key, file, size, sha256);
			Files.delete(file);
			return stored;
		}
		catch (IOException ex) {
			throw new ArchiveStoreException("cannot upload " + file + " to " + describe(key) + ": " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public StoredObject put(String key, byte[] content) {
		String sha256 = HexFormat.of().formatHex(digest().digest(content));
		var response = call("upload", key, () -> this.client.putObject(putRequest(key, sha256, content.length)
			.checksumSHA256(base64(sha256))
			.build(), RequestBody.fromBytes(content)));
		return new StoredObject(key, content.length, response.checksumSHA256());
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		try {
			HeadObjectResponse head = this.client.headObject((request) -> request.bucket(this.destination.bucket())
				.key(fullKey(key))
				.checksumMode(ChecksumMode.ENABLED));
			return Optional.of(new StoredObject(key, head.contentLength(), head.checksumSHA256()));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return Optional.empty();
			}
			throw failure("read", key, ex);
		}
		catch (SdkException ex) {
			throw failure("read", key, ex);
		}
	}

	@Override
	public InputStream open(String key) {
		try {
			return this.client.getObject((request) -> request.bucket(this.destination.bucket()).key(fullKey(key)));
		}
		catch (NoSuchKeyException ex) {
			throw new ArchiveStoreException(describe(key) + " does not exist", ex, true);
		}
		catch (SdkException ex) {
			throw failure("read", key, ex);
		}
	}

	@Override
	public List<String> list(String prefix) {
		String base = basePrefix();
		List<String> keys = new ArrayList<>();
		try {
			for (S3Object object : this.client
				.listObjectsV2Paginator((request) -> request.bucket(this.destination.bucket()).prefix(base + prefix))
				.contents()) {
				keys.add(object.key().substring(base.length()));
			}
		}
		catch (SdkException ex) {
			throw failure("list", prefix, ex);
		}
		return keys.stream().sorted().toList();
	}

	@Override
	public Path scratchFile(String key) {
		return this.scratch.scratchFile(key);
	}

	@Override
	public List<String> abortUploads(Collection<String> prefixes, Collection<String> keep) {
		Set<String> kept = new HashSet<>(keep);
		List<String> aborted = new ArrayList<>();
		for (String prefix : prefixes) {
			for (MultipartUpload upload : uploads(prefix)) {
				String key = upload.key().substring(basePrefix().length());
				if (!kept.contains(key)) {
					abort(key, upload.uploadId());
					aborted.add(key + " (" + upload.uploadId() + ")");
				}
			}
		}
		return aborted;
	}

	@Override
	public String describe(String key) {
		return this.destination.uri() + "/" + key;
	}

	@Override
	public void close() {
		this.client.close();
	}

	private StoredObject putWhole(String key, Path file, long size, String sha256) {
		var response = call("upload", key, () -> this.client
			.putObject(putRequest(key, sha256, size).checksumSHA256(base64(sha256)).build(), RequestBody.fromFile(file)));
		return new StoredObject(key, size, response.checksumSHA256());
	}

	private PutObjectRequest.Builder putRequest(String key, String sha256, long size) {
		PutObjectRequest.Builder request = PutObjectRequest.builder()
			.bucket(this.destination.bucket())
			.key(fullKey(key))
			.contentLength(size)
			.metadata(Map.of(SHA256_METADATA, sha256));
		// The SDK leaves out a header whose value is null: the bucket's defaults apply.
		return request.serverSideEncryption(this.encryption)
			.ssekmsKeyId(this.destination.kmsKeyId())
			.storageClass(this.storageClass)
			.objectLockMode(this.lockMode)
			.objectLockRetainUntilDate(retainUntil());
	}

	private StoredObject putInParts(String key, Path file, long size, String sha256) throws IOException {
		List<Slice> slices = slices(file, size);
		String uploadId = resumableUpload(key, sha256);
		try {
			Map<Integer, Part> held = heldParts(key, uploadId);
			List<CompletedPart> completed = new ArrayList<>(slices.size());
			MessageDigest composite = digest();
			for (Slice slice : slices) {
				Part part = held.get(slice.number());
				String checksum = base64(slice.sha256());
				String eTag;
				if (part != null && part.size() == slice.length() && checksum.equals(part.checksumSHA256())) {
					eTag = part.eTag();
				}
				else {
					eTag = call("upload part " + slice.number() + " of", key,
							() -> this.client.uploadPart((request) -> request.bucket(this.destination.bucket())
								.key(fullKey(key))
								.uploadId(uploadId)
								.partNumber(slice.number())
								.contentLength(slice.length())
								.checksumSHA256(checksum), slice.body(file)))
						.eTag();
				}
				completed.add(CompletedPart.builder()
					.partNumber(slice.number())
					.eTag(eTag)
					.checksumSHA256(checksum)
					.build());
				composite.update(HexFormat.of().parseHex(slice.sha256()));
			}
			var response = call("complete the upload of", key,
					() -> this.client.completeMultipartUpload((request) -> request.bucket(this.destination.bucket())
						.key(fullKey(key))
						.uploadId(uploadId)
						.multipartUpload((upload) -> upload.parts(completed))));
			String expected = Base64.getEncoder().encodeToString(composite.digest()) + "-" + slices.size();
			if (response.checksumSHA256() != null && !response.checksumSHA256().equals(expected)) {
				throw new ArchiveStoreException(describe(key) + " was stored with the composite SHA-256 "
						+ response.checksumSHA256() + ", not the " + expected + " of the parts sent", null);
			}
			return new StoredObject(key, size, response.checksumSHA256());
		}
		catch (ArchiveStoreException | UncheckedIOException ex) {
			abortQuietly(key, uploadId, ex);
			throw ex;
		}
	}

	/** The open upload of {@code key} to resume (any others for it are aborted), or a new one. */
	private String resumableUpload(String key, String sha256) {
		String full = fullKey(key);
		String resumed = null;
		for (MultipartUpload upload : uploads(key)) {
			if (!upload.key().equals(full)) {
				continue;
			}
			if (resumed == null) {
				resumed = upload.uploadId();
			}
			else {
				abort(key, upload.uploadId());
			}
		}
		if (resumed != null) {
			return resumed;
		}
		CreateMultipartUploadRequest request = CreateMultipartUploadRequest.builder()
			.bucket(this.destination.bucket())
			.key(full)
			.checksumAlgorithm(ChecksumAlgorithm.SHA256)
			.metadata(Map.of(SHA256_METADATA, sha256))
			.serverSideEncryption(this.encryption)
			.ssekmsKeyId(this.destination.kmsKeyId())
			.storageClass(this.storageClass)
			.objectLockMode(this.lockMode)
			.objectLockRetainUntilDate(retainUntil())
			.build();
		return call("start the upload of", key, () -> this.client.createMultipartUpload(request)).uploadId();
	}

	private Map<Integer, Part> heldParts(String key, String uploadId) {
		Map<Integer, Part> parts = new java.util.HashMap<>();
		try {
			for (Part part : this.client
				.listPartsPaginator((request) -> request.bucket(this.destination.bucket())
					.key(fullKey(key))
					.uploadId(uploadId))
				.parts()) {
				parts.put(part.partNumber(), part);
			}
		}
		catch (NoSuchUploadException ex) {
			return Map.of();
		}
		catch (SdkException ex) {
			throw failure("list the uploaded parts of", key, ex);
		}
		return parts;
	}

	private List<MultipartUpload> uploads(String prefix) {
		List<MultipartUpload> uploads = new ArrayList<>();
		try {
			for (MultipartUpload upload : this.client
				.listMultipartUploadsPaginator(
						(request) -> request.bucket(this.destination.bucket()).prefix(basePrefix() + prefix))
				.uploads()) {
				uploads.add(upload);
			}
		}
		catch (SdkException ex) {
			throw failure("list the unfinished uploads under", prefix, ex);
		}
		return uploads;
	}

	private void abort(String key, String uploadId) {
		try {
			this.client.abortMultipartUpload((request) -> request.bucket(this.destination.bucket())
				.key(fullKey(key))
				.uploadId(uploadId));
		}
		catch (NoSuchUploadException ex) {
			// Already gone: what was asked for.
		}
		catch (SdkException ex) {
			throw failure("abort the upload " + uploadId + " of", key, ex);
		}
	}

	private void abortQuietly(String key, String uploadId, Exception failure) {
		try {
			abort(key, uploadId);
		}
		catch (RuntimeException ex) {
			// The next run's start-up sweep aborts it; the upload's own failure is what the operator needs.
			failure.addSuppressed(ex);
		}
	}

	private @Nullable Instant retainUntil() {
		return this.lockMode == null ? null : this.clock.instant().plus(this.destination.objectLockRetention());
	}

	/** The parts of a file and each part's SHA-256, read from disk once before any part is sent. */
	private List<Slice> slices(Path file, long size) throws IOException {
		List<Slice> slices = new ArrayList<>();
		long partSize = this.settings.partSize();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			for (long offset = 0; offset < size; offset += partSize) {
				long length = Math.min(partSize, size - offset);
				MessageDigest digest = digest();
				long left = length;
				while (left > 0) {
					int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
					if (read < 0) {
						throw new IOException(file + " ended before its " + size + " bytes");
					}
					digest.update(buffer, 0, read);
					left -= read;
				}
				slices.add(new Slice(slices.size() + 1, offset, length, HexFormat.of().formatHex(digest.digest())));
			}
		}
		return slices;
	}

	/** A part of a file: its number (from 1), where it starts, its length and SHA-256 (hex). */
	private record Slice(int number, long offset, long length, String sha256) {

		/** The part's bytes, streamed from disk and read again from the start on each retry. */
		RequestBody body(Path file) {
			ContentStreamProvider provider = () -> {
				try {
					FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
					channel.position(this.offset);
					return new SliceInputStream(Channels.newInputStream(channel), this.length);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
				}
			};
			return RequestBody.fromContentProvider(provider, this.length, "application/octet-stream");
		}

	}

	/** A stream of the next {@code length} bytes of another, which it closes. */
	private static final class SliceInputStream extends InputStream {

		private final InputStream in;

		private long left;

		SliceInputStream(InputStream in, long length) {
			this.in = in;
			this.left = length;
		}

		@Override
		public int read() throws IOException {
			if (this.left <= 0) {
				return -1;
			}
			int b = this.in.read();
			if (b >= 0) {
				this.left--;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.left <= 0) {
				return -1;
			}
			int read = this.in.read(buffer, offset, (int) Math.min(length, this.left));
			if (read > 0) {
				this.left -= read;
			}
			return read;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

	private <T> T call(String action, String key, java.util.function.Supplier<T> request) {
		try {
			return request.get();
		}
		catch (SdkException ex) {
			throw failure(action, key, ex);
		}
	}

	private ArchiveStoreException failure(String action, String key, SdkException ex) {
		return new ArchiveStoreException("cannot " + action + " " + describe(key) + ": " + reason(ex), ex);
	}

	/** The error in words: S3's code and message, or the client's. Neither holds a credential. */
	private static String reason(SdkException ex) {
		if (ex instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
			return s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + "): "
					+ s3.awsErrorDetails().errorMessage();
		}
		return ex.getMessage();
	}

	private String fullKey(String key) {
		return basePrefix() + key;
	}

	private String basePrefix() {
		return this.destination.prefix().isEmpty() ? "" : this.destination.prefix() + "/";
	}

	private static String base64(String hex) {
		return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
	}

	private static MessageDigest digest() {
		return Sha256.newDigest();
	}

}
