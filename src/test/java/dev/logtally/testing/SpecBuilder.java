package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes job specs for tests: one SCF source pointing at a sandbox emulator, credentials by reference (files in the
 * test's folder, or environment variables for process-level tests).
 */
public final class SpecBuilder {

	private String name = "test-export";

	private String zone = "+08:00";

	private URI endpoint;

	private Path destination;

	private String compression = "none";

	private String headFile;

	private String window = "1d";

	private String rateLimit = "1000";

	private int pageSize = 100;

	private int chunkSize = 200;

	private int concurrency = 4;

	private String timeout = "10s";

	private String retry = "{maxAttempts: 6, initialBackoff: 10ms, maxBackoff: 50ms}";

	/** The default bound, with a test's short pause. */
	private String reread = "{maxAttempts: 3, wait: 10ms}";

	private String sourceType = "tencent-scf";

	private String credentials;

	private final List<String> targets = new ArrayList<>();

	private String nightly = "";

	private String reports = "";

	private final List<String> sourceOptions = new ArrayList<>();

	public static SpecBuilder forEndpoint(URI endpoint) {
		SpecBuilder builder = new SpecBuilder();
		builder.endpoint = endpoint;
		return builder;
	}

	public SpecBuilder name(String name) {
		this.name = name;
		return this;
	}

	/** The job's zone (default {@code +08:00}). */
	public SpecBuilder zone(String zone) {
		this.zone = zone;
		return this;
	}

	public SpecBuilder destination(Path destination) {
		this.destination = destination;
		return this;
	}

	/** The spec's {@code reports} section, such as {@code {keep: 30}}. */
	public SpecBuilder reports(String yamlMapping) {
		this.reports = "reports: " + yamlMapping + "\n";
		return this;
	}

	/** The spec's {@code nightly} section, such as {@code {start: 2026-11-01, settleDelay: 2h}}. */
	public SpecBuilder nightly(String yamlMapping) {
		this.nightly = "nightly: " + yamlMapping + "\n";
		return this;
	}

	/** {@code destination.headFile}: where each run writes its chain head (relative to the spec's folder). */
	public SpecBuilder headFile(String headFile) {
		this.headFile = headFile;
		return this;
	}

	public SpecBuilder gzip() {
		this.compression = "gzip";
		return this;
	}

	public SpecBuilder window(String window) {
		this.window = window;
		return this;
	}

	public SpecBuilder rateLimit(double rateLimit) {
		this.rateLimit = Double.toString(rateLimit);
		return this;
	}

	public SpecBuilder pageSize(int pageSize) {
		this.pageSize = pageSize;
		return this;
	}

	public SpecBuilder chunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
		return this;
	}

	public SpecBuilder concurrency(int concurrency) {
		this.concurrency = concurrency;
		return this;
	}

	public SpecBuilder timeout(String timeout) {
		this.timeout = timeout;
		return this;
	}

	public SpecBuilder retry(int maxAttempts, String initialBackoff, String maxBackoff) {
		this.retry = "{maxAttempts: " + maxAttempts + ", initialBackoff: " + initialBackoff + ", maxBackoff: "
				+ maxBackoff + "}";
		return this;
	}

	public SpecBuilder reread(int maxAttempts, String wait) {
		this.reread = "{maxAttempts: " + maxAttempts + ", wait: " + wait + "}";
		return this;
	}

	public SpecBuilder sourceType(String type) {
		this.sourceType = type;
		return this;
	}

	/** Credentials read from files holding {@code secretId} and {@code secretKey}, written next to the spec. */
	public SpecBuilder credentialFiles(Path dir, String secretId, String secretKey) {
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

	/** Credentials from files, with an STS token as well. */
	public SpecBuilder credentialFiles(Path dir, String secretId, String secretKey, String token) {
		credentialFiles(dir, secretId, secretKey);
		try {
			Files.writeString(dir.resolve("token"), token);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.credentials = this.credentials.substring(0, this.credentials.length() - 1) + ", token: {file: "
				+ dir.resolve("token") + "}}";
		return this;
	}

	public SpecBuilder credentialVariables(String secretIdVariable, String secretKeyVariable) {
		this.credentials = "{secretId: {env: " + secretIdVariable + "}, secretKey: {env: " + secretKeyVariable + "}}";
		return this;
	}

	/** A field of the source only its type knows, such as {@code offsetCap: 1000}. */
	public SpecBuilder sourceOption(String yamlField) {
		this.sourceOptions.add("    " + yamlField + "\n");
		return this;
	}

	public SpecBuilder function(String function) {
		this.targets.add("      - function: " + function);
		return this;
	}

	public SpecBuilder target(String yamlMapping) {
		this.targets.add("      - " + yamlMapping);
		return this;
	}

	public String yaml() {
		return "name: " + this.name + "\n" + "zone: \"" + this.zone + "\"\n" + "chunkSize: " + this.chunkSize + "\n"
				+ "concurrency: " + this.concurrency + "\n" + this.nightly + this.reports + "destination:\n" + "  path: " + this.destination + "\n"
				+ "  compression: " + this.compression + "\n"
				+ (this.headFile == null ? "" : "  headFile: \"" + this.headFile + "\"\n") + "sources:\n" + "  - id: scf-test\n" + "    type: "
				+ this.sourceType + "\n" + "    endpoint: " + this.endpoint + "\n" + "    region: ap-guangzhou\n"
				+ "    credentials: " + this.credentials + "\n" + "    window: " + this.window + "\n"
				+ "    rateLimit: " + this.rateLimit + "\n" + "    pageSize: " + this.pageSize + "\n"
				+ "    timeout: " + this.timeout + "\n" + "    retry: " + this.retry + "\n" + "    reread: " + this.reread + "\n"
				+ String.join("", this.sourceOptions) + "    targets:\n" + String.join("\n", this.targets) + "\n";
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
