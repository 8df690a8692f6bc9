package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes job specs with one CLS source ({@code cls-test}) pointing at a sandbox emulator, credentials by reference. */
public final class ClsSpecBuilder {

	public static final String SOURCE_ID = "cls-test";

	private final URI endpoint;

	private String name = "cls-export";

	private Path destination;

	private String compression = "none";

	private String window = "1h";

	private int concurrency = 4;

	private int chunkSize = 500;

	private int pageSize = 1_000;

	private String retry = "{maxAttempts: 6, initialBackoff: 1ms, maxBackoff: 20ms}";

	/** The default bound, with a test's short pause. */
	private String reread = "{maxAttempts: 3, wait: 10ms}";

	private String credentials;

	private String rateLimit = "100000";

	private final List<String> targets = new ArrayList<>();

	private String scfEndpoint = "";

	/** The source's {@code sqlCount}, or {@code null} to leave it out (its default). */
	private Boolean sqlCount;

	private ClsSpecBuilder(URI endpoint) {
		this.endpoint = endpoint;
	}

	public static ClsSpecBuilder forEndpoint(URI endpoint) {
		return new ClsSpecBuilder(endpoint);
	}

	public ClsSpecBuilder name(String name) {
		this.name = name;
		return this;
	}

	public ClsSpecBuilder destination(Path destination) {
		this.destination = destination;
		return this;
	}

	public ClsSpecBuilder gzip() {
		this.compression = "gzip";
		return this;
	}

	public ClsSpecBuilder window(String window) {
		this.window = window;
		return this;
	}

	public ClsSpecBuilder concurrency(int concurrency) {
		this.concurrency = concurrency;
		return this;
	}

	public ClsSpecBuilder chunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
		return this;
	}

	public ClsSpecBuilder pageSize(int pageSize) {
		this.pageSize = pageSize;
		return this;
	}

	public ClsSpecBuilder reread(int maxAttempts, String wait) {
		this.reread = "{maxAttempts: " + maxAttempts + ", wait: " + wait + "}";
		return this;
	}

	/** Writes {@code sqlCount:} on the source: whether each window's count is cross-checked with SQL. */
	public ClsSpecBuilder sqlCount(boolean enabled) {
		this.sqlCount = enabled;
		return this;
	}

	public ClsSpecBuilder rateLimit(int requestsPerSecond) {
		this.rateLimit = Integer.toString(requestsPerSecond);
		return this;
	}

	/** Credentials read from files holding {@code secretId} and {@code secretKey}, written into {@code dir}. */
	public ClsSpecBuilder credentialFiles(Path dir, String secretId, String secretKey) {
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("secret-id"), secretId);
			Files.writeString(dir.resolve("secret-key"), secretKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.credentials = "{secretId: {file: " + dir.resolve("secret-id") + "}, secretKey: {file: "
				+ dir.resolve("secret-key") + "}}";
		return this;
	}

	public ClsSpecBuilder credentialVariables(String secretIdVariable, String secretKeyVariable) {
		this.credentials = "{secretId: {env: " + secretIdVariable + "}, secretKey: {env: " + secretKeyVariable + "}}";
		return this;
	}

	/** A target as a YAML flow mapping, e.g. {@code {topic: 0f9a..., query: "level:ERROR"}}. */
	public ClsSpecBuilder target(String yamlMapping) {
		this.targets.add("      - " + yamlMapping);
		return this;
	}

	/** Where SCF {@code GetFunction} is asked a {@code function:} target's topic. */
	public ClsSpecBuilder scfEndpoint(URI endpoint) {
		this.scfEndpoint = "\n    scfEndpoint: " + endpoint;
		return this;
	}

	public ClsSpecBuilder topic(String topicId) {
		return target("{topic: " + topicId + "}");
	}

	public String yaml() {
		return "name: " + this.name + "\nzone: UTC\nchunkSize: " + this.chunkSize + "\nconcurrency: "
				+ this.concurrency + "\ndestination:\n  path: " + this.destination + "\n  compression: "
				+ this.compression + "\nsources:\n  - id: " + SOURCE_ID + "\n    type: tencent-cls\n    endpoint: "
				+ this.endpoint + this.scfEndpoint + "\n    region: ap-guangzhou\n    credentials: " + this.credentials
				+ "\n    window: " + this.window + "\n    settleDelay: 15m\n    rateLimit: " + this.rateLimit
				+ "\n    pageSize: " + this.pageSize + "\n    timeout: 10s\n    retry: " + this.retry
				+ "\n    reread: " + this.reread + (this.sqlCount == null ? "" : "\n    sqlCount: " + this.sqlCount)
				+ "\n    targets:\n" + String.join("\n", this.targets) + "\n";
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
