package dev.logtally.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes job specs with one Huawei RDS source pointing at a sandbox emulator, credentials by reference. */
public final class RdsSpecBuilder {

	private final URI endpoint;

	private String name = "rds-export";

	private String projectId = "0483b6b16e954cb88930a360d2c4e663";

	private Path destination;

	private String window = "1d";

	private String rateLimit = "100000";

	private int concurrency = 4;

	private boolean downloadFiles = true;

	/** The default bound, with a test's short pause. */
	private String reread = "{maxAttempts: 3, wait: 10ms}";

	private String credentials;

	private final List<String> instances = new ArrayList<>();

	private RdsSpecBuilder(URI endpoint) {
		this.endpoint = endpoint;
	}

	public static RdsSpecBuilder forEndpoint(URI endpoint) {
		return new RdsSpecBuilder(endpoint);
	}

	public RdsSpecBuilder name(String name) {
		this.name = name;
		return this;
	}

	public RdsSpecBuilder projectId(String projectId) {
		this.projectId = projectId;
		return this;
	}

	public RdsSpecBuilder destination(Path destination) {
		this.destination = destination;
		return this;
	}

	public RdsSpecBuilder window(String window) {
		this.window = window;
		return this;
	}

	public RdsSpecBuilder rateLimit(double requestsPerSecond) {
		this.rateLimit = Double.toString(requestsPerSecond);
		return this;
	}

	public RdsSpecBuilder concurrency(int concurrency) {
		this.concurrency = concurrency;
		return this;
	}

	public RdsSpecBuilder reread(int maxAttempts, String wait) {
		this.reread = "{maxAttempts: " + maxAttempts + ", wait: " + wait + "}";
		return this;
	}

	public RdsSpecBuilder listingOnly() {
		this.downloadFiles = false;
		return this;
	}

	public RdsSpecBuilder credentialFiles(Path dir, String accessKey, String secretKey) {
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("access-key"), accessKey);
			Files.writeString(dir.resolve("secret-key"), secretKey);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.credentials = "{accessKey: {file: " + dir.resolve("access-key") + "}, secretKey: {file: "
				+ dir.resolve("secret-key") + "}}";
		return this;
	}

	public RdsSpecBuilder credentialVariables(String accessKeyVariable, String secretKeyVariable) {
		this.credentials = "{accessKey: {env: " + accessKeyVariable + "}, secretKey: {env: " + secretKeyVariable
				+ "}}";
		return this;
	}

	public RdsSpecBuilder instance(String instance) {
		this.instances.add("      - instance: " + instance);
		return this;
	}

	public String yaml() {
		return "name: " + this.name + "\nzone: \"+08:00\"\nconcurrency: " + this.concurrency + "\ndestination:\n  path: "
				+ this.destination + "\nsources:\n  - id: rds-test\n    type: huawei-rds\n    endpoint: " + this.endpoint
				+ "\n    projectId: " + this.projectId + "\n    credentials: " + this.credentials + "\n    window: "
				+ this.window + "\n    rateLimit: " + this.rateLimit + "\n    downloadFiles: " + this.downloadFiles
				+ "\n    timeout: 30s\n    retry: {maxAttempts: 6, initialBackoff: 1ms, maxBackoff: 20ms}\n    reread: "
				+ this.reread + "\n    targets:\n"
				+ String.join("\n", this.instances) + "\n";
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
