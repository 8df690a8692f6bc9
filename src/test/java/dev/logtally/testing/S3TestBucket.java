package dev.logtally.testing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.archive.s3.S3ArchiveStore;
import dev.logtally.jobspec.S3DestinationSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The tests' S3 server (S3Mock, in this JVM, on loopback) with one bucket, and a direct client to look into it: what
 * the code under test wrote, and which multipart uploads it left open.
 */
public final class S3TestBucket implements AutoCloseable {

	/** The bucket every S3 test writes to, under a prefix of its own. */
	public static final String BUCKET = "archive";

	private final URI endpoint;

	private final S3Client client;

	/** @param server a started S3Mock */
	public S3TestBucket(S3MockExtension server) {
		this.endpoint = URI.create("http://127.0.0.1:" + server.getHttpPort());
		this.client = S3ArchiveStore.client(S3DestinationSpec.forReading("s3://" + BUCKET, this.endpoint, "us-east-1", true),
				StaticCredentialsProvider.create(AwsBasicCredentials.create("direct", "direct")),
				S3ArchiveStore.Settings.DEFAULT);
	}

	/** S3Mock on a free port, with {@link #BUCKET}; register it with {@code @RegisterExtension}. */
	public static S3MockExtension server() {
		return S3MockExtension.builder().withHttpPort(0).withHttpsPort(0).withInitialBuckets(BUCKET).silent().build();
	}

	/** The server's endpoint (put a {@link FaultyS3Proxy} in front of it to inject faults). */
	public URI endpoint() {
		return this.endpoint;
	}

	public S3Client client() {
		return this.client;
	}

	/** Every object under {@code prefix/}, by key relative to it, with its bytes. */
	public Map<String, byte[]> objects(String prefix) {
		Map<String, byte[]> objects = new TreeMap<>();
		for (S3Object object : this.client
			.listObjectsV2Paginator((request) -> request.bucket(BUCKET).prefix(prefix + "/"))
			.contents()) {
			objects.put(object.key().substring(prefix.length() + 1),
					this.client.getObjectAsBytes((request) -> request.bucket(BUCKET).key(object.key())).asByteArray());
		}
		return objects;
	}

	/** The keys of the multipart uploads open under {@code prefix/}. */
	public List<String> openUploads(String prefix) {
		return this.client.listMultipartUploads((request) -> request.bucket(BUCKET).prefix(prefix + "/"))
			.uploads()
			.stream()
			.map((upload) -> upload.key())
			.toList();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
