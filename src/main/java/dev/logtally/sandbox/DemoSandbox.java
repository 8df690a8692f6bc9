package dev.logtally.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;

/**
 * The sandbox as {@code logtally demo} and {@code logtally sandbox} run it: an SCF emulator with three functions over
 * three days (one busier than the 10,000-log cap of a query), an SLS emulator with a logstore whose ties SLS reorders
 * and whose pages answer Incomplete before they complete, an RDS emulator with an instance's audit-log files (the
 * first download arrives short once), a legacy SCF (API v2) emulator with one function, fresh credentials in files,
 * and a job spec that exports from all four.
 */
public final class DemoSandbox implements AutoCloseable {

	/** The demo range, as command-line dates in the spec's zone. */
	public static final String FROM = "2026-11-01";

	public static final String TO = "2026-11-04";

	/** 2026-11-01T00:00 in Beijing, the demo spec's zone. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	private static final String SECRET_ID = "AKIDlogtallyDemo";

	private static final String LEGACY_SECRET_ID = "AKIDlogtallyLegacyDemo";

	private static final String ACCESS_KEY_ID = "LTAIlogtallyDemo";

	private static final String SLS_PROJECT = "demo-project";

	private static final String RDS_ACCESS_KEY = "HWDEMOLOGTALLYAK";

	private static final String RDS_PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String RDS_INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	/** The SLS sandbox's read limit per project and second; the demo spec's rateLimit stays under it. */
	private static final int SLS_READ_QPS = 50;

	private final ScfEmulator emulator;

	private final SlsEmulator sls;

	private final RdsEmulator rds;

	private final ScfLegacyEmulator legacy;

	private final Path spec;

	private DemoSandbox(ScfEmulator emulator, SlsEmulator sls, RdsEmulator rds, ScfLegacyEmulator legacy, Path spec) {
		this.emulator = emulator;
		this.sls = sls;
		this.rds = rds;
		this.legacy = legacy;
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
		String rdsSecretKey = HexFormat.of().formatHex(random.generateSeed(16));
		String legacySecretKey = HexFormat.of().formatHex(random.generateSeed(16));
		try {
			Path credentials = dir.resolve("credentials");
			Files.createDirectories(credentials);
			writePrivate(credentials.resolve("secret-id"), SECRET_ID);
			writePrivate(credentials.resolve("secret-key"), secretKey);
			writePrivate(credentials.resolve("access-key-id"), ACCESS_KEY_ID);
			writePrivate(credentials.resolve("access-key-secret"), accessKeySecret);
			writePrivate(credentials.resolve("rds-access-key"), RDS_ACCESS_KEY);
			writePrivate(credentials.resolve("rds-secret-key"), rdsSecretKey);
			writePrivate(credentials.resolve("legacy-secret-id"), LEGACY_SECRET_ID);
			writePrivate(credentials.resolve("legacy-secret-key"), legacySecretKey);
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
			RdsEmulator rds = RdsEmulator.builder()
				.credential(RDS_ACCESS_KEY, rdsSecretKey)
				.dataset(rdsDataset())
				.rateLimitPerMinute(rateLimit == 0 ? 0 : 60)
				.port(port == 0 ? 0 : port + 2)
				.build()
				.start();
			// Its first download arrives short, as through a faulty proxy: logtally fetches the file again.
			rds.faults().shortDownloads(1);
			ScfLegacyEmulator legacy = ScfLegacyEmulator.builder()
				.credential(LEGACY_SECRET_ID, legacySecretKey)
				.dataset(legacyDataset())
				.rateLimitPerSecond(rateLimit)
				.port(port == 0 ? 0 : port + 3)
				.build()
				.start();
			Path spec = dir.resolve(specName);
			Files.writeString(spec, spec(emulator, sls, rds, legacy, dir, credentials));
			return new DemoSandbox(emulator, sls, rds, legacy, spec);
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

	public RdsEmulator rds() {
		return this.rds;
	}

	public ScfLegacyEmulator legacy() {
		return this.legacy;
	}

	/** The job spec that exports from this sandbox. */
	public Path spec() {
		return this.spec;
	}

	@Override
	public void close() {
		this.emulator.close();
		this.sls.close();
		this.rds.close();
		this.legacy.close();
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

	/** An older account's function, read through the legacy API, with newer logs on top of the demo range. */
	private static ScfDataset legacyDataset() {
		return ScfDataset.builder(2026)
			.function("default", "nightly-report", DAY_1, DAY_1.plusSeconds(4 * DAY), 1_200)
			.build();
	}

	private static SlsDataset slsDataset() {
		return SlsDataset.builder(2026)
			.logstore(SLS_PROJECT, "app-log", DAY_1, DAY_1.plusSeconds(3 * DAY), 6_000)
			.burst(SLS_PROJECT, "app-log", DAY_1.plusSeconds(DAY + 7_200), 400)
			.identical(SLS_PROJECT, "app-log", 5)
			.build();
	}

	private static RdsDataset rdsDataset() {
		return RdsDataset.builder(2026)
			.instance(RDS_PROJECT, RDS_INSTANCE, DAY_1, DAY_1.plusSeconds(3 * DAY), 30)
			.largeFiles(RDS_PROJECT, RDS_INSTANCE, 1, 8L * 1024 * 1024)
			.build();
	}

	private static String spec(ScfEmulator emulator, SlsEmulator sls, RdsEmulator rds, ScfLegacyEmulator legacy,
			Path dir, Path credentials) {
		return """
				# Written by logtally for its sandbox: the endpoint changes whenever the sandbox starts.
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
				  - id: rds-demo
				    type: huawei-rds
				    endpoint: %s
				    projectId: %s
				    credentials:
				      accessKey: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				    rateLimit: 1
				    targets:
				      - instance: %s
				  - id: scf-legacy-demo
				    type: tencent-scf-legacy
				    endpoint: %s
				    region: ap-guangzhou
				    credentials:
				      secretId: {file: %s}
				      secretKey: {file: %s}
				    window: 1d
				    rateLimit: 5
				    targets:
				      - function: nightly-report
				""".formatted(dir.resolve("archive"), emulator.endpoint(), credentials.resolve("secret-id"),
				credentials.resolve("secret-key"), sls.endpoint(), SLS_PROJECT, credentials.resolve("access-key-id"),
				credentials.resolve("access-key-secret"), SLS_READ_QPS - 10, rds.endpoint(), RDS_PROJECT,
				credentials.resolve("rds-access-key"), credentials.resolve("rds-secret-key"), RDS_INSTANCE,
				legacy.endpoint(), credentials.resolve("legacy-secret-id"), credentials.resolve("legacy-secret-key"));
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
