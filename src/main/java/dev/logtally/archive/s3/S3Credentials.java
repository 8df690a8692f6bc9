package dev.logtally.archive.s3;

import java.util.Map;

import dev.logtally.jobspec.Secret;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The credentials an S3 destination is signed with. */
public final class S3Credentials {

	private S3Credentials() {
	}

	/**
	 * The spec's keys when it names them ({@code accessKeyId}, {@code secretAccessKey}, optionally
	 * {@code sessionToken}), else the AWS SDK's default chain: environment, system properties, web identity, profile
	 * file, container and instance roles. The SDK's credential types print without their secret parts.
	 */
	public static AwsCredentialsProvider provider(Map<String, Secret> resolved) {
		if (resolved.isEmpty()) {
			return DefaultCredentialsProvider.builder().build();
		}
		String accessKeyId = resolved.get("accessKeyId").reveal();
		String secretAccessKey = resolved.get("secretAccessKey").reveal();
		Secret sessionToken = resolved.get("sessionToken");
		return StaticCredentialsProvider.create(sessionToken == null
				? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
				: AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken.reveal()));
	}

}
