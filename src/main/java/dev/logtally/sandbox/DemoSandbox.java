package dev.logtally.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;

/**
 * The sandbox as {@code logtally demo} and {@code logtally sandbox} run it: an SCF emulator with three functions over
 * three days (one busier than the 10,000-log cap of a query), an SLS emulator with a logstore whose ties SLS reorders
 * and whose pages answer Incomplete before they complete, fresh credentials in files, and a job spec that exports
 * from both.
 */
public final class DemoSandbox implements AutoCloseable {

	/** The demo range, as command-line dates in the spec's zone. */
	public static final String FROM = "2026-11-01";

	public static final String TO = "2026-11-04";

	/** 2026-11-01T00:00 in Beijing, the demo spec's zone. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	private static final String SECRET_ID = "AKIDlogtallyDemo";

	private static final String ACCESS_KEY_ID = "LTAIlogtallyDemo";

	private static final String SLS_PROJECT = "demo-project";

	/** The SLS sandbox's read limit per project and second; the demo spec's rateLimit stays under it. */
	private static final int SLS_READ_QPS = 50;

	private final ScfEmulator emulator;

	private final SlsEmulator sls;

	private final Path spec;

	private DemoSandbox(ScfEmulator emulator, SlsEmulator sls, Path spec) {
		this.emulator = emulator;
		this.sls = sls;
		this.spec = spec;
	}

	/**
	 * Starts the sandbox and writes {@code <dir>/credentials/} and the job spec {@code <dir>/<specName>}.
	 * @param port the loopback port, 0 for any free one
	 * @param rateLimit requests per second per SecretId (5 as documented; 0 for none)
	 */
	public static DemoSandbox start(Path dir, String specName, int port, int rateLimit) {
		SecureRandom random = new SecureRandom();
		String secretKey = HexFormat.of().formatHex(random.generateSeed(16));
		String accessKeySecret = HexFormat.of().formatHex(random.generateSeed(16));
		try {
			Path credentials = dir.resolve("credentials");
			Files.createDirectories(credentials);
			writePrivate(credentials.resolve("secret-id"), SECRET_ID);
			writePrivate(credentials.resolve("secret-key"), secretKey);
			writePrivate(credentials.resolve("access-key-id"), ACCESS_KEY_ID);
			writePrivate(credentials.resolve("access-key-secret"), accessKeySecret);
			ScfEmulator emulator = ScfEmulator.builder()
				.credential(SECRET_ID, secretKey)
				.dataset(dataset())
				.rateLimitPerSecond(rateLimit)
				.port(port)
				.build()
				.start();
			SlsEmulator sls = SlsEmulator.builder()
				.credential(ACCESS_KEY_ID, accessKeySecret)
				.dataset(slsDataset())
				.readQpsPerProject(rateLimit == 0 ? 0 : SLS_READ_QPS)
				.port(port == 0 ? 0 : port + 1)
				.build()
				.start();
			sls.faults().incompleteRepeats(0, 2);
			Path spec = dir.resolve(specName);
			Files.writeString(spec, spec(emulator, sls, dir, credentials));
			return new DemoSandbox(emulator, sls, spec);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare the sandbox in " + dir + ": " + ex.getMessage(), ex);
		}
	}

	public ScfEmulator emulator() {
		return this.emulator;
	}

	public SlsEmulator sls() {
		return this.sls;
	}

	/** The job spec that exports from this sandbox. */
	public Path spec() {
		return this.spec;
	}

	@Override
	public void close() {
		this.emulator.close();
		this.sls.close();
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

	private static SlsDataset slsDataset() {
		return SlsDataset.builder(2026)
			.logstore(SLS_PROJECT, "app-log", DAY_1, DAY_1.plusSeconds(3 * DAY), 6_000)
			.burst(SLS_PROJECT, "app-log", DAY_1.plusSeconds(DAY + 7_200), 400)
			.identical(SLS_PROJECT, "app-log", 5)
			.build();
	}

	private static String spec(ScfEmulator emulator, SlsEmulator sls, Path dir, Path credentials) {
		return """
				# Written by logtally for its SCF sandbox: the endpoint changes whenever the sandbox starts.
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
				  - id: sls-demo
				    type: aliyun-sls
				    endpoint: %s
				    project: %s
				    credentials:
				      accessKeyId: {file: %s}
				      accessKeySecret: {file: %s}
				    window: 1d
				    rateLimit: %d
				    retry: {initialBackoff: 50ms, maxBackoff: 1s}
				    targets:
				      - logstore: app-log
				""".formatted(dir.resolve("archive"), emulator.endpoint(), credentials.resolve("secret-id"),
				credentials.resolve("secret-key"), sls.endpoint(), SLS_PROJECT, credentials.resolve("access-key-id"),
				credentials.resolve("access-key-secret"), SLS_READ_QPS - 10);
	}

	/** A credential file only its owner can read (where the file system knows owners). */
	private static void writePrivate(Path file, String value) throws IOException {
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
