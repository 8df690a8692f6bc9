package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes job specs with one SLS source pointing at a sandbox emulator, credentials by reference. */
public final class SlsSpecBuilder {

	private final URI endpoint;

	private String name = "sls-export";

	private String project = "demo-project";

	private Path destination;

	private String compression = "none";

	private String window = "1h";

	private int concurrency = 4;

	private int chunkSize = 500;

	private String settleDelay = "15m";

	private String incomplete = "{maxAttempts: 10, maxTime: 30s}";

	private String retry = "{maxAttempts: 6, initialBackoff: 1ms, maxBackoff: 20ms}";

	/** The default bound, with a test's short pause. */
	private String reread = "{maxAttempts: 3, wait: 10ms}";

	private String credentials;

	private String rateLimit = "100000";

	private final List<String> targets = new ArrayList<>();

	private SlsSpecBuilder(URI endpoint) {
		this.endpoint = endpoint;
	}

	public static SlsSpecBuilder forEndpoint(URI endpoint) {
		return new SlsSpecBuilder(endpoint);
	}

	public SlsSpecBuilder name(String name) {
		this.name = name;
		return this;
	}

	public SlsSpecBuilder project(String project) {
		this.project = project;
		return this;
	}

	public SlsSpecBuilder destination(Path destination) {
		this.destination = destination;
		return this;
	}

	public SlsSpecBuilder gzip() {
		this.compression = "gzip";
		return this;
	}

	public SlsSpecBuilder window(String window) {
		this.window = window;
		return this;
	}

	public SlsSpecBuilder concurrency(int concurrency) {
		this.concurrency = concurrency;
		return this;
	}

	public SlsSpecBuilder chunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
		return this;
	}

	public SlsSpecBuilder reread(int maxAttempts, String wait) {
		this.reread = "{maxAttempts: " + maxAttempts + ", wait: " + wait + "}";
		return this;
	}

	public SlsSpecBuilder incomplete(int maxAttempts, String maxTime) {
		this.incomplete = "{maxAttempts: " + maxAttempts + ", maxTime: " + maxTime + "}";
		return this;
	}

	public SlsSpecBuilder credentialFiles(Path dir, String accessKeyId, String accessKeySecret) {
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("access-key-id"), accessKeyId);
			Files.writeString(dir.resolve("access-key-secret"), accessKeySecret);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.credentials = "{accessKeyId: {file: " + dir.resolve("access-key-id") + "}, accessKeySecret: {file: "
				+ dir.resolve("access-key-secret") + "}}";
		return this;
	}

	public SlsSpecBuilder rateLimit(int requestsPerSecond) {
		this.rateLimit = Integer.toString(requestsPerSecond);
		return this;
	}

	/** Credentials from files, with an STS security token as well. */
	public SlsSpecBuilder credentialFiles(Path dir, String accessKeyId, String accessKeySecret, String token) {
		credentialFiles(dir, accessKeyId, accessKeySecret);
		try {
			Files.writeString(dir.resolve("security-token"), token);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.credentials = this.credentials.substring(0, this.credentials.length() - 1)
				+ ", securityToken: {file: " + dir.resolve("security-token") + "}}";
		return this;
	}

	public SlsSpecBuilder credentialVariables(String idVariable, String secretVariable) {
		this.credentials = "{accessKeyId: {env: " + idVariable + "}, accessKeySecret: {env: " + secretVariable + "}}";
		return this;
	}

	/** A target as a YAML flow mapping, e.g. {@code {logstore: app-log, query: "level: ERROR"}}. */
	public SlsSpecBuilder target(String yamlMapping) {
		this.targets.add("      - " + yamlMapping);
		return this;
	}

	public SlsSpecBuilder logstore(String logstore) {
		return target("{logstore: " + logstore + "}");
	}

	public String yaml() {
		return "name: " + this.name + "\nzone: \"+08:00\"\nchunkSize: " + this.chunkSize + "\nconcurrency: "
				+ this.concurrency + "\ndestination:\n  path: " + this.destination + "\n  compression: "
				+ this.compression + "\nsources:\n  - id: sls-test\n    type: aliyun-sls\n    endpoint: " + this.endpoint
				+ "\n    project: " + this.project + "\n    credentials: " + this.credentials + "\n    window: "
				+ this.window + "\n    settleDelay: " + this.settleDelay + "\n    rateLimit: " + this.rateLimit
				+ "\n    timeout: 10s\n"
				+ "    retry: " + this.retry + "\n    reread: " + this.reread + "\n    incomplete: " + this.incomplete
				+ "\n    targets:\n"
				+ String.join("\n", this.targets) + "\n";
	}

	public Path writeTo(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, yaml());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

}
