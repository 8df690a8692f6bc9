package dev.logtally.jobspec;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An archive in an S3 bucket (AWS S3, or any S3-compatible store through its endpoint).
 * @param bucket the bucket
 * @param prefix the key prefix every object goes under, without leading or trailing slash (may be empty)
 * @param endpoint the endpoint of an S3-compatible store, or {@code null} for AWS
 * @param region the signing region
 * @param pathStyle whether the bucket goes in the path rather than the host name (most S3-compatible stores)
 * @param credentials {@code accessKeyId}, {@code secretAccessKey} and optionally {@code sessionToken}, by reference;
 *     empty for the AWS SDK's default provider chain (environment, profile, instance or container role)
 * @param encryption {@code AES256} (SSE-S3), {@code aws:kms} (SSE-KMS), or {@code null} for the bucket's default
 * @param kmsKeyId the KMS key of SSE-KMS, or {@code null} for the account's default key
 * @param storageClass the storage class of every object, or {@code null} for the bucket's default
 * @param objectLockMode {@code GOVERNANCE} or {@code COMPLIANCE} retention for every object, or {@code null}
 * @param objectLockRetention how long each object is retained from its upload, with {@code objectLockMode}
 * @param partSizeMiB the part size of multipart uploads, in MiB (5 to 5120); larger objects go up in parts
 */
public record S3DestinationSpec(String bucket, String prefix, @Nullable URI endpoint, String region, boolean pathStyle,
		Map<String, CredentialRef> credentials, @Nullable String encryption, @Nullable String kmsKeyId,
		@Nullable String storageClass, @Nullable String objectLockMode, @Nullable Duration objectLockRetention,
		int partSizeMiB) {

	/** The part size when the spec gives none. */
	public static final int DEFAULT_PART_SIZE_MIB = 16;

	public S3DestinationSpec {
		credentials = Map.copyOf(credentials);
	}

	/**
	 * A destination given by its URI alone, with the bucket's default encryption and storage class and no object
	 * lock: what is needed to read an archive.
	 * @param uri {@code s3://bucket/prefix}
	 * @throws IllegalArgumentException naming what is wrong with the URI
	 */
	public static S3DestinationSpec forReading(String uri, @Nullable URI endpoint, String region, boolean pathStyle) {
		if (!uri.startsWith("s3://")) {
			throw new IllegalArgumentException("\"" + uri + "\" is not an s3:// URI");
		}
		String location = uri.substring("s3://".length());
		String problem = bucketProblem(bucketOf(location));
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return new S3DestinationSpec(bucketOf(location), prefixOf(location), endpoint, region, pathStyle, Map.of(), null,
				null, null, null, null, DEFAULT_PART_SIZE_MIB);
	}

	/** The bucket of {@code bucket/prefix}. */
	static String bucketOf(String location) {
		int slash = location.indexOf('/');
		return slash < 0 ? location : location.substring(0, slash);
	}

	/** The prefix of {@code bucket/prefix}, without leading or trailing slashes. */
	static String prefixOf(String location) {
		int slash = location.indexOf('/');
		return slash < 0 ? "" : location.substring(slash + 1).replaceAll("^/+|/+$", "");
	}

	/** Why {@code bucket} is not an S3 bucket name, or {@code null}. */
	static @Nullable String bucketProblem(String bucket) {
		return BUCKET.matcher(bucket).matches() ? null : "\"" + bucket + "\" is not an S3 bucket name (3 to 63 "
				+ "lowercase letters, digits, dots and hyphens)";
	}

	/** S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending alike. */
	private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

	/** {@code s3://bucket/prefix}. */
	public String uri() {
		return "s3://" + this.bucket + (this.prefix.isEmpty() ? "" : "/" + this.prefix);
	}

}
