package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.logtally.archive.Sha256;
import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.FaultyS3Proxy.Call;
import dev.logtally.testing.FaultyS3Proxy.Fault;
import dev.logtally.testing.FaultyS3Proxy;
import dev.logtally.testing.RdsSpecBuilder;
import dev.logtally.testing.S3Specs;
import dev.logtally.testing.S3TestBucket;
import dev.logtally.testing.SlsSpecBuilder;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports to an S3 bucket (S3Mock, through a proxy that can fail) through the command line: the objects are the
 * bytes a local export writes, in parts where they are large, checked by {@code logtally verify}; S3 errors are
 * retried or fail the run cleanly, and the rerun completes it.
 */
class S3ExportTest {

	private static final String BUCKET = S3TestBucket.BUCKET;

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String SECRET_ID = "AKIDtest0123456789";

	private static final String SECRET_KEY = "test-secret-key-0123456789";

	private static final String AWS_KEY_ID = "AKIAS3SENTINEL00001";

	private static final String AWS_SECRET = "awsSecretSentinelValue8812";

	private static final String RDS_PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String RDS_INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	@RegisterExtension
	static final S3MockExtension S3 = S3TestBucket.server();

	private static final AtomicInteger PREFIXES = new AtomicInteger();

	@TempDir
	Path dir;

	private FaultyS3Proxy proxy;

	private S3TestBucket bucket;

	private S3Client direct;

	private String prefix;

	private ScfEmulator scf;

	private SlsEmulator sls;

	private RdsEmulator rds;

	@BeforeEach
	void start() {
		this.bucket = new S3TestBucket(S3);
		this.direct = this.bucket.client();
		this.proxy = new FaultyS3Proxy(this.bucket.endpoint());
		this.prefix = "exports/" + PREFIXES.incrementAndGet();
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.bucket.close();
		for (AutoCloseable emulator : new AutoCloseable[] { this.scf, this.sls, this.rds }) {
			if (emulator != null) {
				try {
					emulator.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	@Test
	void anExportOfSeveralSourcesToS3HoldsExactlyTheBytesOfTheSameExportToALocalDirectoryAndVerifiesIntact()
			throws IOException {
		String yaml = severalSources();
		CliRun local = export(localSpec(yaml), "home-local");
		CliRun s3 = export(s3Spec(yaml), "home-s3");

		assertThat(local.exitCode()).as(local.output()).isZero();
		assertThat(s3.exitCode()).as(s3.output()).isZero();
		assertThat(s3.out()).contains("12 windows: 12 MATCHED");
		Map<String, byte[]> objects = objects();
		assertSameObjects(objects, ArchiveFiles.snapshot(this.dir.resolve("local")));
		assertThat(objects.keySet()).anyMatch((key) -> key.startsWith("scf-test/"))
			.anyMatch((key) -> key.startsWith("sls-test/"))
			.anyMatch((key) -> key.startsWith("rds-test/") && key.contains(".files/"));
		assertThat(this.proxy.count(Call.UPLOAD_PART)).as("large windows and the large audit-log file went up in parts")
			.isGreaterThanOrEqualTo(5);
		assertThat(openUploads()).isEmpty();
		assertThat(stagedFiles()).as("nothing left in the staging folder").isEmpty();
		// The report names the bucket's run manifest and every window manifest by the SHA-256 of the stored bytes.
		JsonNode report = lastReport();
		assertThat(report.get("archive").asString()).isEqualTo("s3://" + BUCKET + "/" + this.prefix);
		assertThat(report.at("/runManifest/sha256").asString())
			.isEqualTo(Sha256.of(objects.get(report.at("/runManifest/key").asString())));
		report.get("windows").forEach((window) -> assertThat(window.at("/manifest/sha256").asString())
			.isEqualTo(Sha256.of(objects.get(window.at("/manifest/key").asString()))));

		CliRun verified = CliRun.of("verify", "--job", this.dir.resolve("s3.yaml").toString());
		assertThat(verified.exitCode()).as(verified.output()).isZero();
		assertThat(verified.out()).contains("s3://" + BUCKET + "/" + this.prefix + ": ").contains(": intact");
	}

	@Test
	void aSignedExportToS3HoldsTheSignatureBytesOfTheSameLocalExportAndVerifiesWithThePublicKey() {
		Path keys = this.dir.resolve("keys");
		assertThat(CliRun.of("keygen", "--out", keys.toString(), "--key-id", "ops").exitCode()).isZero();
		String yaml = scfSpec().yaml() + "signing:\n  key: {file: " + keys.resolve("ops.key") + "}\n  keyId: ops\n";
		CliRun local = export(localSpec(yaml), "home-local");
		CliRun s3 = export(s3Spec(yaml), "home-s3");

		assertThat(local.exitCode()).as(local.output()).isZero();
		assertThat(s3.exitCode()).as(s3.output()).isZero();
		Map<String, byte[]> objects = objects();
		assertSameObjects(objects, ArchiveFiles.snapshot(this.dir.resolve("local")));
		assertThat(objects).containsKey("_runs/s3-export/000001.json.sig");
		String publicKey = keys.resolve("ops.pub").toString();
		CliRun verified = CliRun.of("verify", "--job", this.dir.resolve("s3.yaml").toString(), "--public-key",
				publicKey);
		assertThat(verified.exitCode()).as(verified.output()).isZero();
		assertThat(verified.out()).contains("signatures: 1 of 1 run manifests signed (key ids ops), checked with the "
				+ "public keys ops").contains(": intact");

		this.direct.deleteObject((request) -> request.bucket(BUCKET)
			.key(this.prefix + "/_runs/s3-export/000001.json.sig"));
		CliRun unsigned = CliRun.of("verify", "--job", this.dir.resolve("s3.yaml").toString(), "--public-key",
				publicKey);
		assertThat(unsigned.exitCode()).as(unsigned.output()).isEqualTo(5);
		assertThat(unsigned.out()).contains("UNSIGNED _runs/s3-export/000001.json: has no signature");
	}

	@Test
	void verifyNamesAnObjectAlteredInTheBucket() {
		CliRun s3 = export(s3Spec(scfSpec().yaml()), "home-s3");
		assertThat(s3.exitCode()).as(s3.output()).isZero();
		String data = objects().keySet().stream().filter((key) -> key.endsWith(".csv")).findFirst().orElseThrow();
		this.direct.putObject((request) -> request.bucket(BUCKET).key(this.prefix + "/" + data),
				RequestBody.fromString("time,message\n"));

		CliRun verified = CliRun.of("verify", "--job", this.dir.resolve("s3.yaml").toString());

		assertThat(verified.exitCode()).as(verified.output()).isEqualTo(5);
		assertThat(verified.out()).contains("ALTERED").contains(data);
	}

	@Test
	void verifyRefusesAPrefixThatHoldsNoArchiveRatherThanCallingItIntact() {
		Path spec = s3Spec(scfSpec().yaml());

		CliRun verified = CliRun.of("verify", "--job", spec.toString());

		assertThat(verified.exitCode()).as(verified.output()).isEqualTo(2);
		assertThat(verified.err()).contains("s3://" + BUCKET + "/" + this.prefix + " holds no objects");
	}

	@Test
	void s3ErrorsAndDroppedConnectionsDuringAnExportAreRetriedAndTheArchiveIsComplete() {
		SpecBuilder spec = scfSpec();
		CliRun local = export(localSpec(spec.yaml()), "home-local");
		assertThat(local.exitCode()).as(local.output()).isZero();
		this.proxy.inject(Call.UPLOAD_PART, 1, 2, new Fault.Status(500, "InternalError"))
			.inject(Call.PUT_OBJECT, 2, 2, new Fault.Status(503, "SlowDown"))
			.inject(Call.PUT_OBJECT, 6, 1, new Fault.Drop())
			.inject(Call.COMPLETE_UPLOAD, 0, 1, new Fault.Drop());

		CliRun s3 = export(s3Spec(spec.yaml()), "home-s3");

		assertThat(s3.exitCode()).as(s3.output()).isZero();
		assertSameObjects(objects(), ArchiveFiles.snapshot(this.dir.resolve("local")));
		assertThat(openUploads()).isEmpty();
	}

	@Test
	void anS3ThatKeepsFailingFailsTheRunNamingTheObjectLeavesNoPartialObjectAndTheRerunCompletesIt() {
		SpecBuilder spec = scfSpec();
		CliRun local = export(localSpec(spec.yaml()), "home-local");
		assertThat(local.exitCode()).as(local.output()).isZero();
		this.proxy.inject(Call.UPLOAD_PART, 0, 1_000, new Fault.Status(500, "InternalError"));

		CliRun failed = export(s3Spec(spec.yaml()), "home-s3");

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.err()).contains("FAILED: 3 NOT_PUBLISHED of 6 windows")
			.contains("NOT_PUBLISHED scf-test/fn-big [2026-11-01T16:00:00Z, 2026-11-02T16:00:00Z) read MATCHED")
			.contains("not published: cannot upload part 1 of s3://" + BUCKET + "/" + this.prefix
					+ "/scf-test/fn-big/dt=2026-11-02/")
			.contains("InternalError (HTTP 500)");
		Map<String, byte[]> reference = ArchiveFiles.snapshot(this.dir.resolve("local"));
		Map<String, byte[]> partial = objects();
		partial.forEach((key, bytes) -> assertThat(bytes).as("%s is complete", key).isEqualTo(reference.get(key)));
		assertThat(partial.keySet()).as("the large windows are missing").hasSizeLessThan(reference.size());
		assertThat(openUploads()).isEmpty();

		this.proxy.reset();
		CliRun rerun = export(s3Spec(spec.yaml()), "home-s3");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertSameObjects(objects(), reference);
	}

	@Test
	void aWindowTheStoreRefusesIsNotPublishedNeverMatchedInTheTableReportAndMetricsAndTheSameCommandPublishesIt()
			throws IOException {
		SpecBuilder spec = scfSpec();
		// fn-big's windows go up in parts, and every part is refused; fn-small's go up whole.
		this.proxy.inject(Call.UPLOAD_PART, 0, 1_000, new Fault.Status(500, "InternalError"));

		CliRun failed = export(s3Spec(spec.yaml()), "home-s3");

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.out()).contains("6 windows: 3 MATCHED, 3 NOT_PUBLISHED;")
			.containsPattern("fn-big .*NOT_PUBLISHED \\(read MATCHED\\)")
			.doesNotContainPattern("fn-big .* MATCHED *\\R");
		assertThat(failed.err()).contains("run 1 FAILED: 3 NOT_PUBLISHED of 6 windows; run the same command again");
		JsonNode report = lastReport();
		assertThat(report.get("status").asString()).isEqualTo("FAILED");
		assertThat(report.get("exitCode").asInt()).isEqualTo(1);
		assertThat(report.get("verdicts").properties()).extracting(Map.Entry::getKey)
			.containsExactly("MATCHED", "NOT_PUBLISHED");
		assertThat(report.at("/verdicts/NOT_PUBLISHED").asInt()).isEqualTo(3);
		for (JsonNode window : report.get("windows")) {
			if (window.get("target").asString().equals("fn-big")) {
				assertThat(window.get("verdict").asString()).isEqualTo("NOT_PUBLISHED");
				assertThat(window.get("readVerdict").asString()).isEqualTo("MATCHED");
				assertThat(window.get("failure").asString()).contains("cannot upload part 1 of s3://" + BUCKET)
					.contains("InternalError (HTTP 500)");
			}
			else {
				assertThat(window.get("verdict").asString()).isEqualTo("MATCHED");
			}
		}
		assertThat(lastHtmlReport()).contains("NOT_PUBLISHED").contains("but not published: cannot upload part 1");
		assertThat(metrics()).contains(windowsMetric("fn-big", "NOT_PUBLISHED") + " 3.0")
			.contains(windowsMetric("fn-small", "MATCHED") + " 3.0")
			.doesNotContain(windowsMetric("fn-big", "MATCHED"))
			.contains("logtally_last_exit_code{logtally_job=\"s3-export\"} 1.0");

		this.proxy.reset();
		CliRun rerun = export(s3Spec(spec.yaml()), "home-s3");

		assertThat(rerun.exitCode()).as(rerun.output()).isZero();
		assertThat(rerun.out()).contains("6 windows: 6 MATCHED;");
		JsonNode published = lastReport();
		assertThat(published.get("exitCode").asInt()).isZero();
		assertThat(published.get("verdicts").properties()).extracting(Map.Entry::getKey).containsExactly("MATCHED");
		// Counters are cumulative across runs: the first run's NOT_PUBLISHED windows stay counted.
		assertThat(metrics()).contains(windowsMetric("fn-big", "MATCHED") + " 3.0")
			.contains(windowsMetric("fn-big", "NOT_PUBLISHED") + " 3.0")
			.contains("logtally_last_exit_code{logtally_job=\"s3-export\"} 0.0");
	}

	@Test
	void windowsThatCompletedBesideAFailedOneAndThatTheStoreRefusesAreNotPublishedRatherThanMatched() {
		// ghost-fn answers the check before the run, then is deleted: its windows fail, so the windows that completed
		// are published as the partition step fails.
		String yaml = scfSpec().function("ghost-fn").yaml();
		this.scf.faults().deleteFunction("ghost-fn", 1);
		this.proxy.inject(Call.UPLOAD_PART, 0, 1_000, new Fault.Status(500, "InternalError"));

		CliRun failed = export(s3Spec(yaml), "home-s3");

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.out()).contains("9 windows: 3 MATCHED, 3 NOT_PUBLISHED, 3 FAILED;");
		assertThat(failed.err()).contains("not published: cannot upload part 1 of s3://" + BUCKET);
		assertThat(lastReport().at("/verdicts/NOT_PUBLISHED").asInt()).isEqualTo(3);
		assertThat(metrics()).contains(windowsMetric("fn-big", "NOT_PUBLISHED") + " 3.0");

		this.proxy.reset();
		this.scf.faults().deleteFunction("ghost-fn", 1);
		CliRun rerun = export(s3Spec(yaml), "home-s3");

		assertThat(rerun.exitCode()).as(rerun.output()).isEqualTo(1);
		assertThat(rerun.out()).contains("9 windows: 6 MATCHED, 3 FAILED;");
	}

	@Test
	void aBucketThatDoesNotExistIsAnInputErrorNamingItBeforeAnythingIsWritten() {
		String yaml = S3Specs.toS3(scfSpec().yaml(), "s3://no-such-bucket/logs", this.proxy.endpoint(),
				this.dir.resolve("aws"), AWS_KEY_ID, AWS_SECRET, 5);

		CliRun run = export(S3Specs.write(this.dir.resolve("missing.yaml"), yaml), "home-s3");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("s3://no-such-bucket/logs").contains("NoSuchBucket");
		assertThat(this.proxy.count(Call.PUT_OBJECT) + this.proxy.count(Call.CREATE_UPLOAD)).isZero();
	}

	@Test
	void refusedS3CredentialsAreAnInputErrorNamingTheDestination() {
		this.proxy.inject(Call.LIST_OBJECTS, 0, 1, new Fault.Status(403, "InvalidAccessKeyId"));

		CliRun run = export(s3Spec(scfSpec().yaml()), "home-s3");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("cannot use s3://" + BUCKET + "/" + this.prefix)
			.contains("InvalidAccessKeyId (HTTP 403)")
			.doesNotContain(AWS_SECRET);
		assertThat(this.proxy.count(Call.LIST_OBJECTS)).as("a refusal is not retried").isEqualTo(1);
		assertThat(objects()).isEmpty();
	}

	@Test
	void theS3SecretAccessKeyAppearsNowhereARunLeavesTraces() throws IOException {
		this.proxy.inject(Call.UPLOAD_PART, 0, 1_000, new Fault.Status(403, "AccessDenied"));
		CliRun failed = export(s3Spec(scfSpec().yaml()), "home-s3");
		this.proxy.reset();
		CliRun run = export(s3Spec(scfSpec().yaml()), "home-s3");
		CliRun verified = CliRun.of("verify", "--job", this.dir.resolve("s3.yaml").toString());

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(run.exitCode()).as(run.output()).isZero();
		for (CliRun each : List.of(failed, run, verified)) {
			assertThat(each.out() + each.err()).doesNotContain(AWS_SECRET);
		}
		try (Stream<Path> files = Files.walk(this.dir.resolve("home-s3"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
					.as(file.toString())
					.doesNotContain(AWS_SECRET);
			}
		}
		objects().forEach((key, bytes) -> assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
			.as(key)
			.doesNotContain(AWS_SECRET));
	}

	/**
	 * The SCF spec's two functions, three days of one SLS logstore and three days of one RDS instance's audit logs, one
	 * of whose files is 11 MiB: one spec with three sources.
	 */
	private String severalSources() {
		this.sls = SlsEmulator.builder()
			.credential("LTAIs3export", "sls-secret")
			.dataset(SlsDataset.builder(8)
				.logstore("demo-project", "app-log", DAY_1, DAY_1.plusSeconds(3 * 86_400), 3_000)
				.build())
			.readQpsPerProject(0)
			.build()
			.start();
		this.rds = RdsEmulator.builder()
			.credential("HWs3export", "rds-secret")
			.dataset(RdsDataset.builder(42)
				.instance(RDS_PROJECT, RDS_INSTANCE, DAY_1, DAY_1.plusSeconds(3 * 86_400), 12)
				.largeFiles(RDS_PROJECT, RDS_INSTANCE, 1, 11L * 1024 * 1024)
				.build())
			.rateLimitPerMinute(0)
			.build()
			.start();
		String sls = SlsSpecBuilder.forEndpoint(this.sls.endpoint())
			.destination(this.dir.resolve("local"))
			.window("1d")
			.credentialFiles(this.dir.resolve("sls-credentials"), "LTAIs3export", "sls-secret")
			.logstore("app-log")
			.yaml();
		String rds = RdsSpecBuilder.forEndpoint(this.rds.endpoint())
			.destination(this.dir.resolve("local"))
			.credentialFiles(this.dir.resolve("rds-credentials"), "HWs3export", "rds-secret")
			.instance(RDS_INSTANCE)
			.yaml();
		return scfSpec().yaml() + sourcesOf(sls) + sourcesOf(rds);
	}

	private static String sourcesOf(String yaml) {
		return yaml.substring(yaml.indexOf("sources:\n") + "sources:\n".length());
	}

	/** Three days of two functions; each day of fn-big is about 6 MB of CSV, so it goes up in two parts of 5 MiB. */
	private SpecBuilder scfSpec() {
		if (this.scf == null) {
			this.scf = ScfEmulator.builder()
				.credential(SECRET_ID, SECRET_KEY)
				.dataset(ScfDataset.builder(5)
					.largeFields(10, 200_000)
					.function("default", "fn-big", DAY_1, DAY_1.plusSeconds(3 * 86_400), 900)
					.function("default", "fn-small", DAY_1, DAY_1.plusSeconds(3 * 86_400), 60)
					.function("default", "ghost-fn", DAY_1, DAY_1.plusSeconds(3 * 86_400), 30)
					.build())
				.rateLimitPerSecond(0)
				.build()
				.start();
		}
		return SpecBuilder.forEndpoint(this.scf.endpoint())
			.name("s3-export")
			.destination(this.dir.resolve("local"))
			.credentialFiles(this.dir.resolve("scf-credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-big")
			.function("fn-small");
	}

	private Path localSpec(String yaml) {
		return S3Specs.write(this.dir.resolve("local.yaml"), yaml);
	}

	private Path s3Spec(String yaml) {
		return S3Specs.write(this.dir.resolve("s3.yaml"), S3Specs.toS3(yaml, "s3://" + BUCKET + "/" + this.prefix,
				this.proxy.endpoint(), this.dir.resolve("aws"), AWS_KEY_ID, AWS_SECRET, 5));
	}

	private CliRun export(Path spec, String home) {
		return CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to", "2026-11-04", "--home",
				this.dir.resolve(home).toString());
	}

	/** The JSON report of the last run into the S3 archive. */
	private JsonNode lastReport() {
		return JsonMapper.builder().build().readTree(lastReportFile(".json").toFile());
	}

	private String lastHtmlReport() throws IOException {
		return Files.readString(lastReportFile(".html"));
	}

	private Path lastReportFile(String suffix) {
		try (Stream<Path> files = Files.list(this.dir.resolve("home-s3/reports/s3-export"))) {
			return files.filter((file) -> file.toString().endsWith(suffix)).max(Comparator.naturalOrder()).orElseThrow();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private String metrics() {
		try {
			return Files.readString(this.dir.resolve("home-s3/metrics/s3-export.prom"));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String windowsMetric(String function, String verdict) {
		return "logtally_windows_total{logtally_job=\"s3-export\",source=\"scf-test\",target=\"" + function
				+ "\",verdict=\"" + verdict + "\"}";
	}

	private Map<String, byte[]> objects() {
		return this.bucket.objects(this.prefix);
	}

	private List<String> openUploads() {
		return this.bucket.openUploads(this.prefix);
	}

	private List<Path> stagedFiles() throws IOException {
		Path staging = this.dir.resolve("home-s3").resolve("staging");
		if (!Files.exists(staging)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(staging)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static void assertSameObjects(Map<String, byte[]> actual, Map<String, byte[]> expected) {
		assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
		assertThat(expected.keySet().stream().filter((key) -> !java.util.Arrays.equals(actual.get(key),
				expected.get(key)))).as("objects whose bytes differ").isEmpty();
		assertThat(expected).isNotEmpty();
	}

}
