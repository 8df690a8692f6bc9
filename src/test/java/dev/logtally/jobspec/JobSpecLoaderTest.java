package dev.logtally.jobspec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import dev.logtally.source.SourceKinds;
import dev.logtally.source.rds.RdsKind;
import dev.logtally.source.rds.RdsOptions;
import dev.logtally.source.rds.RdsTarget;
import dev.logtally.source.scf.ScfLegacyKind;
import dev.logtally.source.scf.ScfLegacyOptions;
import dev.logtally.source.scf.ScfTarget;
import dev.logtally.source.sls.SlsKind;
import dev.logtally.source.sls.SlsOptions;
import dev.logtally.source.sls.SlsTarget;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSpecLoaderTest {

	@TempDir
	Path dir;

	private static final String VALID = """
			name: scf-nightly
			destination:
			  path: archive
			  compression: gzip
			sources:
			  - id: scf-gz
			    type: tencent-scf
			    endpoint: http://127.0.0.1:8080
			    region: ap-guangzhou
			    credentials:
			      secretId: {env: SCF_SECRET_ID}
			      secretKey: {file: secrets/scf-key}
			    window: 6h
			    targets:
			      - function: order-api
			      - function: order-api
			        id: order-api-errors
			        retCode: not0
			""";

	@Test
	void loadsAValidSpecWithDefaultsAndPathsRelativeToTheSpec() throws IOException {
		JobSpec spec = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(VALID));

		assertThat(spec.name()).isEqualTo("scf-nightly");
		assertThat(spec.zone()).isEqualTo(ZoneId.of("+08:00"));
		assertThat(spec.destination().root()).isEqualTo(this.dir.resolve("archive"));
		assertThat(spec.destination().compression()).isEqualTo(Compression.GZIP);
		SourceSpec source = spec.sources().get(0);
		assertThat(source.window()).isEqualTo(Duration.ofHours(6));
		assertThat(source.rateLimit()).isEqualTo(5.0);
		assertThat(source.pageSize()).isEqualTo(100);
		assertThat(source.timeZone()).isEqualTo(ZoneId.of("+08:00"));
		assertThat(source.credential("secretKey")).isEqualTo(new CredentialRef.File(this.dir.resolve("secrets/scf-key")));
		assertThat(source.targets()).extracting(TargetSpec::id).containsExactly("order-api", "order-api-errors");
		assertThat(((ScfTarget) source.targets().get(0)).namespace()).isEqualTo("default");
		assertThat(spec.sha256()).hasSize(64);
	}

	@Test
	void readsASourcesRereadBoundsAndDefaultsThemToThreeReadsTwoSecondsApart() throws IOException {
		JobSpec defaults = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(VALID));
		JobSpec set = new JobSpecLoader(SourceKinds.all(), Map.of())
			.load(write(VALID.replace("    window: 6h\n", "    window: 6h\n    reread: {maxAttempts: 5, wait: 250ms}\n")));

		assertThat(defaults.sources().get(0).reread()).isEqualTo(new RereadSpec(3, Duration.ofSeconds(2)));
		assertThat(set.sources().get(0).reread()).isEqualTo(new RereadSpec(5, Duration.ofMillis(250)));
	}

	@Test
	void namesEachBadRereadField() throws IOException {
		Path bad = write(VALID.replace("    window: 6h\n",
				"    window: 6h\n    reread: {maxAttempts: 0, wait: soon, again: true}\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(bad))
			.hasMessageContaining("sources[0].reread.again: unknown field (known: maxAttempts, wait)")
			.hasMessageContaining("sources[0].reread.maxAttempts: must be between 1 and 20, got 0")
			.hasMessageContaining("sources[0].reread.wait: \"soon\" is not a duration");
	}

	@Test
	void readsTheNightlySectionInTheSpecsZone() throws IOException {
		JobSpec spec = new JobSpecLoader(SourceKinds.all(), Map.of())
			.load(write(VALID.replace("destination:", "nightly: {start: 2026-11-01, settleDelay: 3h}\ndestination:")));

		assertThat(spec.nightly()).isEqualTo(new NightlySpec(java.time.Instant.parse("2026-10-31T16:00:00Z"),
				Duration.ofHours(3), NightlySpec.DEFAULT_CRON));
		assertThat(spec.settleDelay()).isEqualTo(Duration.ofHours(3));
	}

	@Test
	void takesACronOfFiveOrSixFieldsAndNamesABadOne() throws IOException {
		JobSpec five = new JobSpecLoader(SourceKinds.all(), Map.of())
			.load(write(VALID.replace("destination:", "nightly: {start: 2026-11-01, cron: '30 2 * * *'}\ndestination:")));
		Path bad = write(VALID.replace("destination:", "nightly: {start: 2026-11-01, cron: '61 2 * * *'}\ndestination:"));

		assertThat(five.nightly().cron()).isEqualTo("0 30 2 * * *");
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(bad))
			.hasMessageContaining("nightly.cron: \"61 2 * * *\" is not a cron expression");
	}

	@Test
	void reportsKeepIsACountOfRunsOrAnAgeAndEveryReportIsKeptWithoutIt() throws IOException {
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of());

		assertThat(loader.load(write(VALID.replace("destination:", "reports: {keep: 30}\ndestination:"))).reports())
			.isEqualTo(new ReportsSpec(30, null));
		assertThat(loader.load(write(VALID.replace("destination:", "reports: {keep: 90d}\ndestination:"))).reports())
			.isEqualTo(new ReportsSpec(null, Duration.ofDays(90)));
		assertThat(loader.load(write(VALID)).reports()).isEqualTo(ReportsSpec.KEEP_ALL);
	}

	@Test
	void refusesAReportsKeepThatIsNeitherACountNorAnAgeNamingTheFieldAndLine() throws IOException {
		Path word = write(VALID.replace("destination:", "reports:\n  keep: forever\ndestination:"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(word))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("reports.keep: \"forever\" is neither a count of runs (such as 30) nor an age")
			.hasMessageContaining("(line ");
		// The same file, written again.
		Path zero = write(VALID.replace("destination:", "reports:\n  keep: 0\ndestination:"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(zero))
			.isInstanceOf(SpecException.class)
			.hasMessageContaining("reports.keep: must be between 1 and 1000000, got 0");
	}

	@Test
	void refusesANightlySectionWithoutAValidStartNamingTheField() throws IOException {
		Path file = write(VALID.replace("destination:", "nightly: {start: 2026-13-01, every: 1d}\ndestination:"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file)).isInstanceOf(SpecException.class)
			.hasMessageContaining("nightly.start: the value \"2026-13-01\" is not")
			.hasMessageContaining("nightly.every");
	}

	@Test
	void refusesAnUnknownSourceTypeNamingFileAndField() throws IOException {
		Path file = write(VALID.replace("type: tencent-scf", "type: tencent-cos"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file)).isInstanceOf(SpecException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("sources[0].type: \"tencent-cos\" is not one of: tencent-scf");
	}

	@Test
	void refusesAWindowLongerThanOneDayForScf() throws IOException {
		Path file = write(VALID.replace("window: 6h", "window: P2D"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].window: PT48H is longer than the 1-day maximum of tencent-scf windows");
	}

	@Test
	void refusesAWindowThatDoesNotDivideADay() throws IOException {
		Path file = write(VALID.replace("window: 6h", "window: 7h"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].window: PT7H neither divides a day nor is a whole number of days");
	}

	@Test
	void refusesInlineCredentialsWithoutEchoingThem() throws IOException {
		Path file = write(VALID.replace("secretKey: {file: secrets/scf-key}", "secretKey: hunter2-very-secret"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].credentials.secretKey: inline credential values are not allowed")
			.hasMessageNotContaining("hunter2");
	}

	@Test
	void reportsEveryProblemAtOnce() throws IOException {
		Path file = write("""
				name: bad name
				destination: {path: out, compression: zip}
				sources:
				  - id: a
				    type: tencent-scf
				    endpoint: ftp://example.com
				    credentials: {secretId: {env: A}}
				    pageSize: 20000
				    windw: 1h
				    targets: []
				""");

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file)).isInstanceOf(SpecException.class)
			.satisfies((ex) -> assertThat(((SpecException) ex).problems()).containsExactlyInAnyOrder(
					"name: \"bad name\" must be 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit (line 1)",
					"destination.compression: \"zip\" is not one of: none, gzip (line 2)",
					"sources[0].endpoint: \"ftp://example.com\" must be an http:// or https:// URL (line 6)",
					"sources[0].region: is required (line 4)",
					"sources[0].credentials.secretKey: is required, as {env: VARIABLE} or {file: PATH} (line 7)",
					"sources[0].pageSize: must be between 1 and 10000, got 20000 (line 8)",
					"sources[0].windw: unknown field (known: credentials, endpoint, id, pageSize, rateLimit, region, reread, retry, service, targets, timeZone, timeout, type, window) (line 9)",
					"sources[0].targets: at least one target is required (line 10)"));
	}

	@Test
	void refusesTargetsThatWouldWriteToTheSamePlace() throws IOException {
		Path file = write(VALID.replace("        id: order-api-errors\n", ""));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[1].id: \"order-api\" is used by another target");
	}

	private static final String SLS = """
			name: sls-hourly
			destination: {path: archive}
			sources:
			  - id: sls-hz
			    type: aliyun-sls
			    endpoint: https://cn-hangzhou.log.aliyuncs.com
			    project: my-project
			    credentials:
			      accessKeyId: {env: AK}
			      accessKeySecret: {env: AS}
			    targets:
			      - logstore: app-log
			      - id: app-errors
			        logstore: app-log
			        topic: web
			        query: "level: ERROR"
			""";

	@Test
	void loadsAnSlsSourceWithItsDefaults() throws IOException {
		SourceSpec source = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(SLS)).sources().get(0);

		assertThat(source.type()).isEqualTo(new SlsKind());
		assertThat(source.window()).isEqualTo(Duration.ofHours(1));
		assertThat(source.timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(source.options(SlsOptions.class)).isEqualTo(new SlsOptions("my-project", Duration.ofMinutes(15), 20,
				Duration.ofMinutes(5)));
		assertThat(source.targets()).containsExactly(new SlsTarget("app-log", "app-log", null, "*"),
				new SlsTarget("app-errors", "app-log", "web", "level: ERROR"));
	}

	@Test
	void refusesSqlAnalyticsInAnSlsQuery() throws IOException {
		Path file = write(SLS.replace("query: \"level: ERROR\"", "query: \"* | select count(1)\""));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].targets[1].query: SQL analytics");
	}

	@Test
	void refusesScfFieldsOnAnSlsSourceAndAnSlsPageAboveOneHundred() throws IOException {
		Path file = write(SLS.replace("    project: my-project\n", "    project: my-project\n    region: x\n    pageSize: 500\n"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].region: unknown field")
			.hasMessageContaining("sources[0].pageSize: must be between 10 and 100, got 500");
	}

	@Test
	void requiresTheEndpointAndProjectOfAnSlsSource() throws IOException {
		Path file = write(SLS.replace("    endpoint: https://cn-hangzhou.log.aliyuncs.com\n", "")
			.replace("    project: my-project\n", ""));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].endpoint: is required")
			.hasMessageContaining("sources[0].project: is required");
	}

	private static final String RDS = """
			name: rds-audit
			destination: {path: archive}
			sources:
			  - id: rds-bj
			    type: huawei-rds
			    endpoint: https://rds.cn-north-4.myhuaweicloud.com
			    projectId: 0483b6b16e954cb88930a360d2c4e663
			    credentials:
			      accessKey: {env: HW_AK}
			      secretKey: {env: HW_SK}
			    window: 30d
			    targets:
			      - instance: cee5265e1e5845649e354841234567dfin01
			""";

	@Test
	void loadsAnRdsSourceWithThirtyDayWindows() throws IOException {
		SourceSpec source = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(RDS)).sources().get(0);

		assertThat(source.type()).isEqualTo(new RdsKind());
		assertThat(source.window()).isEqualTo(Duration.ofDays(30));
		assertThat(source.rateLimit()).isEqualTo(1.0);
		assertThat(source.pageSize()).isEqualTo(50);
		assertThat(source.options(RdsOptions.class)).isEqualTo(new RdsOptions("0483b6b16e954cb88930a360d2c4e663", true));
		assertThat(source.targets()).containsExactly(
				new RdsTarget("cee5265e1e5845649e354841234567dfin01", "cee5265e1e5845649e354841234567dfin01"));
	}

	@Test
	void refusesRdsWindowsOverThirtyDaysAndPagesOverFifty() throws IOException {
		Path file = write(RDS.replace("window: 30d", "window: 31d\n    pageSize: 51\n    downloadFiles: maybe"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].window: PT744H is longer than the 30-day maximum of huawei-rds windows")
			.hasMessageContaining("sources[0].pageSize: must be between 1 and 50, got 51")
			.hasMessageContaining("sources[0].downloadFiles: must be true or false, got \"maybe\"");
	}

	private static final String LEGACY = """
			name: scf-legacy
			destination: {path: archive}
			sources:
			  - id: scf-legacy
			    type: tencent-scf-legacy
			    region: ap-guangzhou
			    credentials:
			      secretId: {env: SCF_SECRET_ID}
			      secretKey: {env: SCF_SECRET_KEY}
			    targets:
			      - function: order-api
			        retCode: not0
			""";

	@Test
	void loadsALegacyScfSourcePostingHmacSha256SignaturesForThePublicHostByDefault() throws IOException {
		SourceSpec source = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(LEGACY)).sources().get(0);

		assertThat(source.type()).isEqualTo(new ScfLegacyKind());
		assertThat(source.endpoint()).hasToString("https://scf.api.qcloud.com");
		assertThat(source.window()).isEqualTo(Duration.ofDays(1));
		assertThat(source.pageSize()).isEqualTo(100);
		assertThat(source.options(ScfLegacyOptions.class))
			.isEqualTo(new ScfLegacyOptions("ap-guangzhou", "HmacSHA256", "POST", "scf.api.qcloud.com", 10_000));
		assertThat(source.targets()).containsExactly(new ScfTarget("order-api", "order-api", "default", null, "not0"));
	}

	@Test
	void signsALegacySourceForItsOwnSigningHostWhenItsEndpointIsAProxy() throws IOException {
		Path file = write(LEGACY.replace("    region: ap-guangzhou\n", """
				    region: ap-guangzhou
				    endpoint: http://127.0.0.1:9000
				    signingHost: scf.api.qcloud.com
				    signatureMethod: HmacSHA1
				    httpMethod: GET
				    offsetCap: 0
				"""));

		SourceSpec source = new JobSpecLoader(SourceKinds.all(), Map.of()).load(file).sources().get(0);

		assertThat(source.options(ScfLegacyOptions.class))
			.isEqualTo(new ScfLegacyOptions("ap-guangzhou", "HmacSHA1", "GET", "scf.api.qcloud.com", 0));
	}

	@Test
	void refusesWhatTheLegacyApiCannotDo() throws IOException {
		Path file = write(LEGACY.replace("    region: ap-guangzhou\n", """
				    region: ap-guangzhou
				    signatureMethod: HmacMD5
				    httpMethod: PUT
				    service: scf
				""").replace("retCode: not0", "retCode: not0\n        namespace: prod"));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("sources[0].signatureMethod: \"HmacMD5\" is not one of: HmacSHA256, HmacSHA1")
			.hasMessageContaining("sources[0].httpMethod: \"PUT\" is not one of: POST, GET")
			.hasMessageContaining("sources[0].service: unknown field")
			.hasMessageContaining("sources[0].targets[0].namespace: unknown field");
	}

	@Test
	void loadsAnS3DestinationWithEncryptionStorageClassAndObjectLock() throws IOException {
		Path file = write(VALID.replace("""
				destination:
				  path: archive
				  compression: gzip
				""", """
				destination:
				  uri: s3://audit-archive/logtally/prod/
				  compression: gzip
				  endpoint: http://127.0.0.1:9090
				  region: eu-west-1
				  credentials:
				    accessKeyId: {env: ARCHIVE_KEY_ID}
				    secretAccessKey: {file: secrets/archive-key}
				  encryption: sse-kms
				  kmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd
				  storageClass: STANDARD_IA
				  objectLock: {mode: COMPLIANCE, retention: 2555d}
				"""));

		DestinationSpec destination = new JobSpecLoader(SourceKinds.all(), Map.of()).load(file).destination();

		assertThat(destination.isS3()).isTrue();
		assertThat(destination.describe()).isEqualTo("s3://audit-archive/logtally/prod");
		S3DestinationSpec s3 = destination.s3();
		assertThat(s3.bucket()).isEqualTo("audit-archive");
		assertThat(s3.prefix()).isEqualTo("logtally/prod");
		assertThat(s3.endpoint()).hasToString("http://127.0.0.1:9090");
		assertThat(s3.region()).isEqualTo("eu-west-1");
		assertThat(s3.pathStyle()).as("an endpoint override means an S3-compatible store: path style").isTrue();
		assertThat(s3.credentials()).containsEntry("accessKeyId", new CredentialRef.Env("ARCHIVE_KEY_ID"))
			.containsEntry("secretAccessKey", new CredentialRef.File(this.dir.resolve("secrets/archive-key")));
		assertThat(s3.encryption()).isEqualTo("aws:kms");
		assertThat(s3.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/1234abcd");
		assertThat(s3.storageClass()).isEqualTo("STANDARD_IA");
		assertThat(s3.objectLockMode()).isEqualTo("COMPLIANCE");
		assertThat(s3.objectLockRetention()).isEqualTo(Duration.ofDays(2555));
		assertThat(destination.compression()).isEqualTo(Compression.GZIP);
	}

	@Test
	void anS3DestinationWithoutCredentialsUsesTheSdkDefaultsAndAwsHostNames() throws IOException {
		Path file = write(VALID.replace("  path: archive\n", "  uri: s3://audit-archive\n"));

		S3DestinationSpec s3 = new JobSpecLoader(SourceKinds.all(), Map.of()).load(file).destination().s3();

		assertThat(s3.prefix()).isEmpty();
		assertThat(s3.endpoint()).isNull();
		assertThat(s3.pathStyle()).isFalse();
		assertThat(s3.credentials()).isEmpty();
		assertThat(s3.region()).isEqualTo("us-east-1");
	}

	@Test
	void refusesWhatAnS3DestinationCannotBe() throws IOException {
		Path file = write(VALID.replace("""
				  path: archive
				""", """
				  uri: s3://Audit_Archive/x
				  encryption: sse-c
				  storageClass: cold storage
				  credentials: {accessKeyId: AKIAINLINEVALUE}
				  objectLock: {mode: FOREVER}
				"""));

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file))
			.hasMessageContaining("destination.uri: \"Audit_Archive\" is not an S3 bucket name")
			.hasMessageContaining("destination.encryption: \"sse-c\" is not one of: sse-s3, sse-kms")
			.hasMessageContaining("destination.storageClass: \"cold storage\" is not an S3 storage class")
			.hasMessageContaining("destination.credentials.accessKeyId: inline credential values are not allowed")
			.hasMessageContaining("destination.credentials.secretAccessKey: is required")
			.hasMessageContaining("destination.objectLock.mode: \"FOREVER\" is not one of: GOVERNANCE, COMPLIANCE")
			.hasMessageContaining("destination.objectLock.retention: is required")
			.hasMessageNotContaining("AKIAINLINEVALUE");
	}

	@Test
	void refusesS3FieldsOnALocalDestinationAndAnUnknownScheme() throws IOException {
		Path local = write(VALID.replace("  path: archive\n", "  path: archive\n  storageClass: STANDARD_IA\n"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(local))
			.hasMessageContaining("destination.storageClass: applies only to s3:// destinations");

		Path gcs = write(VALID.replace("  path: archive\n", "  uri: gs://bucket/x\n"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(gcs))
			.hasMessageContaining("destination.uri: \"gs://bucket/x\" is neither an s3:// URI nor a local folder");
	}

	@Test
	void readsTheHeadFileRelativeToTheSpecAndNoneByDefault() throws IOException {
		JobSpec none = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(VALID));
		JobSpec set = new JobSpecLoader(SourceKinds.all(), Map.of())
			.load(write(VALID.replace("  path: archive\n", "  path: archive\n  headFile: heads/scf-nightly.json\n")));
		JobSpec onS3 = new JobSpecLoader(SourceKinds.all(), Map.of()).load(write(VALID.replace("  path: archive\n",
				"  uri: s3://audit/prod\n  headFile: /var/lib/logtally/heads/scf-nightly.json\n")));

		assertThat(none.destination().headFile()).isNull();
		assertThat(set.destination().headFile()).isEqualTo(this.dir.resolve("heads/scf-nightly.json"));
		assertThat(onS3.destination().headFile()).isEqualTo(Path.of("/var/lib/logtally/heads/scf-nightly.json"));
	}

	@Test
	void refusesAHeadFileInsideTheArchiveOrNotALocalFile() throws IOException {
		Path inside = write(VALID.replace("  path: archive\n", "  path: archive\n  headFile: archive/head.json\n"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(inside))
			.hasMessageContaining("destination.headFile: \"" + this.dir.resolve("archive/head.json")
					+ "\" is inside the archive " + this.dir.resolve("archive") + ": keep the head outside it");

		Path remote = write(VALID.replace("  path: archive\n", "  path: archive\n  headFile: s3://audit/head.json\n"));
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(remote))
			.hasMessageContaining("destination.headFile: \"s3://audit/head.json\" is not a local file");
	}

	@Test
	void resolvesDestinationCredentialsNamingAMissingOneWithoutAValue() throws IOException {
		Path file = write(VALID.replace("  path: archive\n", """
				  uri: s3://audit-archive
				  credentials:
				    accessKeyId: {env: ARCHIVE_KEY_ID}
				    secretAccessKey: {env: ARCHIVE_SECRET}
				"""));
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of("ARCHIVE_KEY_ID", "AKIAEXAMPLE"));
		JobSpec spec = loader.load(file);

		assertThatThrownBy(() -> loader.resolveDestinationCredentials(spec))
			.hasMessageContaining("destination.credentials.secretAccessKey: environment variable ARCHIVE_SECRET is not set")
			.hasMessageNotContaining("AKIAEXAMPLE");
		assertThat(new JobSpecLoader(SourceKinds.all(), Map.of("ARCHIVE_KEY_ID", "AKIAEXAMPLE", "ARCHIVE_SECRET", "s"))
			.resolveDestinationCredentials(spec)).containsOnlyKeys("accessKeyId", "secretAccessKey");
	}

	@Test
	void refusesAMissingFile() {
		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(this.dir.resolve("nope.yaml")))
			.hasMessageContaining("nope.yaml: file does not exist");
	}

	@Test
	void refusesMalformedYamlWithItsLine() throws IOException {
		Path file = write("name: x\nsources: [\n");

		assertThatThrownBy(() -> new JobSpecLoader(SourceKinds.all(), Map.of()).load(file)).hasMessageContaining("is not valid YAML");
	}

	@Test
	void resolvesCredentialsFromEnvironmentAndFile() throws IOException {
		Files.createDirectories(this.dir.resolve("secrets"));
		Files.writeString(this.dir.resolve("secrets/scf-key"), "key-from-file\n");
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of("SCF_SECRET_ID", "AKIDexample"));

		Map<String, Secret> resolved = loader.resolveCredentials(loader.load(write(VALID))).get("scf-gz");

		assertThat(resolved.get("secretId").reveal()).isEqualTo("AKIDexample");
		assertThat(resolved.get("secretKey").reveal()).isEqualTo("key-from-file");
		assertThat(resolved.get("secretKey")).hasToString("******");
	}

	@Test
	void namesTheMissingCredentialVariableAndFile() throws IOException {
		JobSpecLoader loader = new JobSpecLoader(SourceKinds.all(), Map.of());
		JobSpec spec = loader.load(write(VALID));

		assertThatThrownBy(() -> loader.resolveCredentials(spec)).isInstanceOf(SpecException.class)
			.hasMessageContaining("sources[0].credentials.secretId: environment variable SCF_SECRET_ID is not set")
			.hasMessageContaining("sources[0].credentials.secretKey: file " + this.dir.resolve("secrets/scf-key")
					+ " does not exist");
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("job.yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
