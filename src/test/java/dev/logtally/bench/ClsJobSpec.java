package dev.logtally.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The job spec of a benchmark's CLS export ({@code type: tencent-cls}, zone UTC, the SecretId and SecretKey read from
 * files), written as YAML the way operators write it.
 * @param window the source's window, e.g. {@code 1h}
 * @param rateLimit requests per second for the SecretId
 * @param pageSize {@code SearchLog}'s Limit, 1 to 1000
 * @param credentials the folder holding the files {@code secret-id} and {@code secret-key}
 */
record ClsJobSpec(String name, URI endpoint, Path destination, Path credentials, String window, int rateLimit,
		int pageSize, int chunkSize, int concurrency, boolean gzip, List<String> topics) {

	/** Writes the credential files, then the spec, and returns the spec's path. */
	Path writeTo(Path file, String secretId, String secretKey) {
		try {
			Files.createDirectories(this.credentials);
			Files.writeString(this.credentials.resolve("secret-id"), secretId);
			Files.writeString(this.credentials.resolve("secret-key"), secretKey);
			Files.createDirectories(file.getParent());
			Files.writeString(file, yaml());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	String yaml() {
		return "name: " + this.name + "\nzone: UTC\nchunkSize: " + this.chunkSize + "\nconcurrency: "
				+ this.concurrency + "\ndestination:\n  path: " + this.destination + "\n  compression: "
				+ (this.gzip ? "gzip" : "none") + "\nsources:\n  - id: cls-bench\n    type: tencent-cls\n"
				+ "    endpoint: " + this.endpoint + "\n    region: ap-guangzhou\n"
				+ "    credentials: {secretId: {file: " + this.credentials.resolve("secret-id") + "}, secretKey: {file: "
				+ this.credentials.resolve("secret-key") + "}}\n    window: " + this.window + "\n    rateLimit: "
				+ this.rateLimit + "\n    pageSize: " + this.pageSize + "\n    timeout: 10s\n    targets:\n"
				+ this.topics.stream().map((topic) -> "      - topic: " + topic).collect(Collectors.joining("\n"))
				+ "\n";
	}

}
