package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;

/** Turns a test's job spec with a local destination into one that writes to S3, credentials by file reference. */
public final class S3Specs {

	private S3Specs() {
	}

	/**
	 * @param yaml a spec written by one of the spec builders ({@code destination:} then {@code path:})
	 * @param uri {@code s3://bucket/prefix}
	 * @param endpoint the S3 server (or a proxy in front of it)
	 * @param credentialDir where the access key files are written
	 * @param partSizeMiB the multipart part size
	 */
	public static String toS3(String yaml, String uri, URI endpoint, Path credentialDir, String accessKeyId,
			String secretAccessKey, int partSizeMiB) {
		try {
			Files.createDirectories(credentialDir);
			Files.writeString(credentialDir.resolve("aws-access-key-id"), accessKeyId);
			Files.writeString(credentialDir.resolve("aws-secret-access-key"), secretAccessKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String s3 = "destination:\n  uri: " + uri + "\n  endpoint: " + endpoint + "\n  partSizeMiB: " + partSizeMiB
				+ "\n  credentials:\n    accessKeyId: {file: " + credentialDir.resolve("aws-access-key-id")
				+ "}\n    secretAccessKey: {file: " + credentialDir.resolve("aws-secret-access-key") + "}\n";
		String replaced = yaml.replaceFirst("destination:\n  path: [^\n]*\n", Matcher.quoteReplacement(s3));
		if (replaced.equals(yaml)) {
			throw new IllegalArgumentException("no local destination in\n" + yaml);
		}
		return replaced;
	}

	public static Path write(Path file, String yaml) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
