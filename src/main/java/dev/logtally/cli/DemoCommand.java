package dev.logtally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import dev.logtally.sandbox.ScfDataset;
import dev.logtally.sandbox.ScfEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logtally demo}: starts the SCF sandbox on a free loopback port and exports three days of synthetic logs of
 * three functions (one above the 10,000-log cap of a single query) through the same {@code export} command users run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Export three days of synthetic logs from a built-in SCF sandbox on loopback.",
				"One function logs more than the API's 10,000-log cap in a day. Uses the default H2 job repository; "
						+ "needs no network, no credentials, no setup." })
public final class DemoCommand implements Callable<Integer> {

	static final String FROM = "2026-11-01";

	static final String TO = "2026-11-04";

	/** 2026-11-01T00:00 in Beijing, the demo job's zone. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	@Spec
	CommandSpec command;

	@Option(names = "--dir", paramLabel = "DIR", defaultValue = "logtally-demo",
			description = "Folder for the demo's job spec, archive and job repository (default: ${DEFAULT-VALUE}).")
	Path dir;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = this.command.commandLine().getOut();
		Path root = this.dir.toAbsolutePath().normalize();
		Files.createDirectories(root);
		String secretId = "AKIDlogtallyDemo";
		String secretKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		Path credentials = writeCredentials(root.resolve("credentials"), secretId, secretKey);
		try (ScfEmulator sandbox = ScfEmulator.builder()
			.credential(secretId, secretKey)
			.dataset(dataset())
			.build()
			.start()) {
			Path spec = root.resolve("demo-job.yaml");
			Files.writeString(spec, spec(sandbox, root, credentials));
			out.println("SCF sandbox listening on " + sandbox.endpoint() + " (5 requests/s per SecretId, as documented)");
			out.println("Exporting [" + FROM + ", " + TO + ") of order-api, payment-worker and thumbnailer "
					+ "(12,000 logs on one day) with " + spec);
			out.flush();
			int code = new CommandLine(new LogtallyCli()).setOut(out)
				.setErr(this.command.commandLine().getErr())
				.execute("export", "--job", spec.toString(), "--from", FROM, "--to", TO, "--home",
						root.resolve("home").toString());
			out.println();
			out.println("Archive: " + root.resolve("archive")
					+ " (one CSV and one manifest per function and day; the manifest holds counts, SHA-256 and verdict)");
			out.println("Sandbox requests answered: " + sandbox.servedCount() + ", throttled: "
					+ sandbox.throttledCount());
			return code;
		}
	}

	private static ScfDataset dataset() {
		return ScfDataset.builder(2026)
			.function("default", "order-api", DAY_1, DAY_1.plusSeconds(3 * DAY), 1_200)
			.function("default", "payment-worker", DAY_1, DAY_1.plusSeconds(3 * DAY), 750)
			.burst("default", "payment-worker", DAY_1.plusSeconds(DAY + 3_600), 40)
			.function("default", "thumbnailer", DAY_1.plusSeconds(DAY), DAY_1.plusSeconds(2 * DAY), 12_000)
			.largeFields(5_000, 262_144)
			.build();
	}

	private static String spec(ScfEmulator sandbox, Path root, Path credentials) {
		return """
				# Written by `logtally demo`: the sandbox's endpoint changes on every run.
				name: demo
				zone: "+08:00"
				destination:
				  path: %s
				  compression: gzip
				sources:
				  - id: scf-demo
				    type: tencent-scf
				    endpoint: %s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				    rateLimit: 5
				    pageSize: 500
				    targets:
				      - function: order-api
				      - function: payment-worker
				      - function: thumbnailer
				""".formatted(root.resolve("archive"), sandbox.endpoint(), credentials.resolve("secret-id"),
				credentials.resolve("secret-key"));
	}

	private static Path writeCredentials(Path dir, String secretId, String secretKey) {
		try {
			Files.createDirectories(dir);
			write(dir.resolve("secret-id"), secretId);
			write(dir.resolve("secret-key"), secretKey);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String value) throws IOException {
		Files.deleteIfExists(file);
		Files.createFile(file);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the folder's own permissions apply.
		}
		Files.writeString(file, value);
	}

}
