package dev.logtally.archive.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.archive.ArchiveStoreException;
import dev.logtally.archive.StoredObject;
import dev.logtally.jobspec.S3DestinationSpec;
import dev.logtally.testing.FaultyS3Proxy;
import dev.logtally.testing.S3TestBucket;
import dev.logtally.testing.FaultyS3Proxy.Call;
import dev.logtally.testing.FaultyS3Proxy.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link S3ArchiveStore} against a real S3 server (S3Mock), directly and through a faulty proxy. */
class S3ArchiveStoreTest {

	private static final String BUCKET = S3TestBucket.BUCKET;

	private static final int MIB = 1024 * 1024;

	/** A KMS key id; S3Mock knows keys registered by ARN, and accepts them by id. */
	private static final String KMS_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

	@RegisterExtension
	static final S3MockExtension S3 = S3TestBucket.server();

	private static final AtomicInteger PREFIXES = new AtomicInteger();

	@TempDir
	Path scratch;

	private FaultyS3Proxy proxy;

	private S3TestBucket bucket;

	private S3Client direct;

	private String prefix;

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

	@BeforeEach
	void start() {
				this.bucket = new S3TestBucket(S3);
		this.direct = this.bucket.client();
		this.proxy = new FaultyS3Proxy(this.bucket.endpoint());
		this.prefix = "tests/" + PREFIXES.incrementAndGet();
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.bucket.close();
	}

	@Test
	void aSmallFileGoesUpInOnePutWithItsSha256VerifiedAndTheFileIsConsumed() throws IOException {
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			byte[] content = random(100_000, 1);
			Path file = write(store.scratchFile("scf/a.csv"), content);

			StoredObject stored = store.put("scf/a.csv", file, sha256(content));

			assertThat(stored.bytes()).isEqualTo(content.length);
			assertThat(stored.checksum()).isEqualTo(base64Sha256(content));
			assertThat(file).doesNotExist();
			assertThat(read(store, "scf/a.csv")).isEqualTo(content);
			assertThat(store.stat("scf/a.csv")).get().extracting(StoredObject::checksum).isEqualTo(base64Sha256(content));
			assertThat(head("scf/a.csv").metadata()).containsEntry(S3ArchiveStore.SHA256_METADATA, sha256(content));
			assertThat(this.proxy.count(Call.PUT_OBJECT)).isEqualTo(1);
			assertThat(this.proxy.count(Call.CREATE_UPLOAD)).isZero();
		}
	}

	@Test
	void aFileWhoseBytesDoNotMatchTheGivenSha256IsRefusedByS3AndNothingIsStored() throws IOException {
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			byte[] content = random(1000, 2);
			Path file = write(store.scratchFile("scf/b.csv"), content);

			assertThatThrownBy(() -> store.put("scf/b.csv", file, sha256(random(1000, 3))))
				.isInstanceOf(ArchiveStoreException.class)
				.hasMessageContaining("s3://" + BUCKET + "/" + this.prefix + "/scf/b.csv");
			assertThat(store.stat("scf/b.csv")).isEmpty();
		}
	}

	@Test
	void aLargeFileGoesUpInPartsEachVerifiedAndTheCompositeChecksumIsCheckedAgainstTheParts() throws IOException {
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB))) {
			byte[] content = random(12 * MIB + 17, 4);
			Path file = write(store.scratchFile("scf/big.csv"), content);

			StoredObject stored = store.put("scf/big.csv", file, sha256(content));

			assertThat(stored.bytes()).isEqualTo(content.length);
			assertThat(stored.checksum()).endsWith("-3");
			assertThat(read(store, "scf/big.csv")).isEqualTo(content);
			assertThat(head("scf/big.csv").metadata()).containsEntry(S3ArchiveStore.SHA256_METADATA, sha256(content));
			assertThat(this.proxy.count(Call.UPLOAD_PART)).isEqualTo(3);
			assertThat(openUploads()).isEmpty();
		}
	}

	@Test
	void anUploadADeadProcessLeftIsResumedKeepingThePartsS3AlreadyHolds() throws IOException {
		byte[] content = random(11 * MIB, 5);
		String key = this.prefix + "/scf/resumed.csv";
		String uploadId = this.direct.createMultipartUpload((request) -> request.bucket(BUCKET)
			.key(key)
			.checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
		byte[] first = java.util.Arrays.copyOfRange(content, 0, 5 * MIB);
		this.direct.uploadPart((request) -> request.bucket(BUCKET)
			.key(key)
			.uploadId(uploadId)
			.partNumber(1)
			.checksumSHA256(base64Sha256(first)), RequestBody.fromBytes(first));
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB))) {
			Path file = write(store.scratchFile("scf/resumed.csv"), content);

			store.put("scf/resumed.csv", file, sha256(content));

			assertThat(this.proxy.count(Call.CREATE_UPLOAD)).as("no new upload").isZero();
			assertThat(this.proxy.count(Call.UPLOAD_PART)).as("parts 2 and 3 only").isEqualTo(2);
			assertThat(read(store, "scf/resumed.csv")).isEqualTo(content);
			assertThat(openUploads()).isEmpty();
		}
	}

	@Test
	void aPartS3HoldsWithOtherBytesIsSentAgain() throws IOException {
		byte[] content = random(11 * MIB, 6);
		String key = this.prefix + "/scf/stale.csv";
		String uploadId = this.direct.createMultipartUpload((request) -> request.bucket(BUCKET)
			.key(key)
			.checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
		byte[] other = random(5 * MIB, 7);
		this.direct.uploadPart((request) -> request.bucket(BUCKET)
			.key(key)
			.uploadId(uploadId)
			.partNumber(1)
			.checksumSHA256(base64Sha256(other)), RequestBody.fromBytes(other));
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB))) {
			Path file = write(store.scratchFile("scf/stale.csv"), content);

			store.put("scf/stale.csv", file, sha256(content));

			assertThat(this.proxy.count(Call.UPLOAD_PART)).isEqualTo(3);
			assertThat(read(store, "scf/stale.csv")).isEqualTo(content);
		}
	}

	@Test
	void serverErrorsMidMultipartAreRetriedAndTheObjectIsComplete() throws IOException {
		this.proxy.inject(Call.UPLOAD_PART, 1, 2, new Fault.Status(500, "InternalError"))
			.inject(Call.COMPLETE_UPLOAD, 0, 1, new Fault.Status(503, "SlowDown"));
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB))) {
			byte[] content = random(11 * MIB, 8);
			Path file = write(store.scratchFile("scf/retried.csv"), content);

			store.put("scf/retried.csv", file, sha256(content));

			assertThat(this.proxy.count(Call.UPLOAD_PART)).isEqualTo(5);
			assertThat(read(store, "scf/retried.csv")).isEqualTo(content);
			assertThat(openUploads()).isEmpty();
		}
	}

	@Test
	void aConnectionDroppedMidAnswerIsRetried() throws IOException {
		this.proxy.inject(Call.PUT_OBJECT, 0, 1, new Fault.Drop());
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			byte[] content = random(50_000, 9);

			store.put("m/manifest.json", content);

			assertThat(this.proxy.count(Call.PUT_OBJECT)).isEqualTo(2);
			assertThat(read(store, "m/manifest.json")).isEqualTo(content);
		}
	}

	@Test
	void aSlowServerIsWaitedForAndAnAttemptThatHangsIsAbandonedAndRetried() throws IOException {
		this.proxy.inject(Call.UPLOAD_PART, 0, 1, new Fault.Delay(Duration.ofSeconds(5)))
			.inject(Call.UPLOAD_PART, 1, 1, new Fault.Delay(Duration.ofMillis(500)));
		S3ArchiveStore.Settings settings = S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB)
			.withAttemptTimeout(Duration.ofSeconds(2));
		try (S3ArchiveStore store = store(settings)) {
			byte[] content = random(11 * MIB, 10);
			Path file = write(store.scratchFile("scf/slow.csv"), content);

			store.put("scf/slow.csv", file, sha256(content));

			assertThat(this.proxy.count(Call.UPLOAD_PART)).isEqualTo(4);
			assertThat(read(store, "scf/slow.csv")).isEqualTo(content);
		}
	}

	@Test
	void aMultipartUploadThatKeepsFailingIsAbortedAndNothingSitsUnderTheKey() throws IOException {
		this.proxy.inject(Call.UPLOAD_PART, 1, 100, new Fault.Status(500, "InternalError"));
		try (S3ArchiveStore store = store(new S3ArchiveStore.Settings(5 * MIB, 3, Duration.ofMinutes(1)))) {
			byte[] content = random(11 * MIB, 11);
			Path file = write(store.scratchFile("scf/failed.csv"), content);

			assertThatThrownBy(() -> store.put("scf/failed.csv", file, sha256(content)))
				.isInstanceOf(ArchiveStoreException.class)
				.hasMessageContaining("upload part 2 of s3://" + BUCKET + "/" + this.prefix + "/scf/failed.csv")
				.hasMessageContaining("InternalError (HTTP 500)")
				.hasMessageNotContaining("secret-key");
			assertThat(file).as("kept for the next attempt").exists();
			assertThat(store.stat("scf/failed.csv")).isEmpty();
			assertThat(openUploads()).isEmpty();
		}
	}

	@Test
	void abortUploadsRemovesTheUnfinishedUploadsUnderThePrefixesExceptThoseKept() {
		for (String key : List.of("scf/a/1.csv", "scf/a/2.csv", "sls/3.csv", "other/4.csv")) {
			this.direct.createMultipartUpload((request) -> request.bucket(BUCKET).key(this.prefix + "/" + key));
		}
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			List<String> aborted = store.abortUploads(List.of("scf/", "sls/"), List.of("scf/a/2.csv"));

			assertThat(aborted).hasSize(2).anySatisfy((line) -> assertThat(line).startsWith("scf/a/1.csv ("))
				.anySatisfy((line) -> assertThat(line).startsWith("sls/3.csv ("));
			assertThat(openUploads()).containsExactlyInAnyOrder("scf/a/2.csv", "other/4.csv");
		}
	}

	@Test
	void listingIsRelativeToThePrefixSortedAndNeverLeavesIt() {
		this.direct.putObject((request) -> request.bucket(BUCKET).key(this.prefix + "-sibling/x"),
				RequestBody.fromString("x"));
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			store.put("b/2.json", "{}".getBytes());
			store.put("a/1.json", "{}".getBytes());
			store.put("b/1.json", "{}".getBytes());

			assertThat(store.list("")).containsExactly("a/1.json", "b/1.json", "b/2.json");
			assertThat(store.list("b/")).containsExactly("b/1.json", "b/2.json");
		}
	}

	@Test
	void aMissingObjectIsAbsentToStatAndNotFoundToOpen() {
		try (S3ArchiveStore store = store(S3ArchiveStore.Settings.DEFAULT)) {
			assertThat(store.stat("nothing/here")).isEmpty();
			assertThatThrownBy(() -> store.open("nothing/here")).isInstanceOf(ArchiveStoreException.class)
				.hasMessageContaining("s3://" + BUCKET + "/" + this.prefix + "/nothing/here does not exist")
				.matches((ex) -> ((ArchiveStoreException) ex).notFound());
		}
	}

	@Test
	void theProbeNamesABucketThatDoesNotExist() {
		S3DestinationSpec missing = new S3DestinationSpec("no-such-bucket", "p", this.proxy.endpoint(), "us-east-1",
				true, Map.of(), null, null, null, null, null, 16);
		try (S3ArchiveStore store = S3ArchiveStore.create(missing, credentials(), S3ArchiveStore.Settings.DEFAULT,
				this.clock, this.scratch)) {
			assertThatThrownBy(store::probe).isInstanceOf(ArchiveStoreException.class)
				.hasMessageContaining("s3://no-such-bucket/p")
				.hasMessageContaining("NoSuchBucket");
		}
	}

	@Test
	void storageClassAndEncryptionAreAskedForOnEveryObject() throws IOException {
		S3DestinationSpec destination = new S3DestinationSpec(BUCKET, this.prefix, this.proxy.endpoint(), "us-east-1",
				true, Map.of(), "AES256", null, "STANDARD_IA", null, null, 5);
		try (S3ArchiveStore store = S3ArchiveStore.create(destination, credentials(),
				S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB), this.clock, this.scratch)) {
			store.put("small.json", "{}".getBytes());
			byte[] content = random(6 * MIB, 12);
			store.put("big.csv", write(store.scratchFile("big.csv"), content), sha256(content));

			HeadObjectResponse small = head("small.json");
			assertThat(small.storageClassAsString()).isEqualTo("STANDARD_IA");
			assertThat(small.serverSideEncryptionAsString()).isEqualTo("AES256");
			assertThat(head("big.csv").storageClassAsString()).isEqualTo("STANDARD_IA");
			// S3Mock does not keep the encryption of a multipart upload: the request must still ask for it.
			assertThat(this.proxy.lastHeader(Call.CREATE_UPLOAD, "x-amz-server-side-encryption")).isEqualTo("AES256");
		}
	}

	@Test
	void sseKmsAsksForTheKeyOnEveryUpload() throws IOException {
		S3.registerKMSKeyRef("arn:aws:kms:us-east-1:111122223333:key/" + KMS_KEY);
		S3DestinationSpec destination = new S3DestinationSpec(BUCKET, this.prefix, this.proxy.endpoint(), "us-east-1",
				true, Map.of(), "aws:kms", KMS_KEY, null, null, null, 5);
		try (S3ArchiveStore store = S3ArchiveStore.create(destination, credentials(),
				S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB), this.clock, this.scratch)) {
			store.put("small.json", "{}".getBytes());
			byte[] content = random(6 * MIB, 14);
			store.put("big.csv", write(store.scratchFile("big.csv"), content), sha256(content));

			for (Call call : List.of(Call.PUT_OBJECT, Call.CREATE_UPLOAD)) {
				assertThat(this.proxy.lastHeader(call, "x-amz-server-side-encryption")).as(call.name())
					.isEqualTo("aws:kms");
				assertThat(this.proxy.lastHeader(call, "x-amz-server-side-encryption-aws-kms-key-id")).as(call.name())
					.isEqualTo(KMS_KEY);
			}
			assertThat(head("small.json").ssekmsKeyId()).isEqualTo(KMS_KEY);
		}
	}

	@Test
	void objectLockRetentionIsAskedForOnEveryUploadFromItsTimeForTheRetention() throws IOException {
		this.direct.createBucket((request) -> request.bucket("locked").objectLockEnabledForBucket(true));
		S3DestinationSpec destination = new S3DestinationSpec("locked", this.prefix, this.proxy.endpoint(),
				"us-east-1", true, Map.of(), null, null, null, "COMPLIANCE", Duration.ofDays(2555), 5);
		try (S3ArchiveStore store = S3ArchiveStore.create(destination, credentials(),
				S3ArchiveStore.Settings.DEFAULT.withPartSize(5 * MIB), this.clock, this.scratch)) {
			store.put("small.json", "{}".getBytes());
			byte[] content = random(6 * MIB, 13);
			store.put("big.csv", write(store.scratchFile("big.csv"), content), sha256(content));

			// S3Mock keeps retention set by PutObjectRetention only, so the upload requests themselves are checked.
			for (Call call : List.of(Call.PUT_OBJECT, Call.CREATE_UPLOAD)) {
				assertThat(this.proxy.lastHeader(call, "x-amz-object-lock-mode")).as(call.name())
					.isEqualTo("COMPLIANCE");
				assertThat(Instant.parse(this.proxy.lastHeader(call, "x-amz-object-lock-retain-until-date")))
					.as(call.name())
					.isEqualTo(this.clock.instant().plus(Duration.ofDays(2555)));
			}
			assertThat(read(store, "big.csv")).isEqualTo(content);
		}
	}

	private S3ArchiveStore store(S3ArchiveStore.Settings settings) {
		return S3ArchiveStore.create(destination(this.prefix, this.proxy.endpoint()), credentials(), settings,
				this.clock, this.scratch);
	}

	private static S3DestinationSpec destination(String prefix, URI endpoint) {
		return new S3DestinationSpec(BUCKET, prefix, endpoint, "us-east-1", true, Map.of(), null, null, null, null,
				null, 16);
	}

	private static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key-id", "secret-key"));
	}

	private HeadObjectResponse head(String key) {
		return this.direct.headObject((request) -> request.bucket(BUCKET).key(this.prefix + "/" + key));
	}

	private List<String> openUploads() {
		return this.bucket.openUploads(this.prefix).stream()
			.map((key) -> key.substring(this.prefix.length() + 1))
			.toList();
	}

	private static byte[] read(S3ArchiveStore store, String key) throws IOException {
		try (InputStream in = store.open(key)) {
			return in.readAllBytes();
		}
	}

	private static Path write(Path file, byte[] content) throws IOException {
		return Files.write(file, content);
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new SplittableRandom(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) {
		return HexFormat.of().formatHex(digest(content));
	}

	private static String base64Sha256(byte[] content) {
		return Base64.getEncoder().encodeToString(digest(content));
	}

	private static byte[] digest(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
