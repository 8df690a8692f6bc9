package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.sandbox.cls.ClsDataset;
import dev.logtally.sandbox.cls.ClsEmulator;
import dev.logtally.sandbox.cls.ClsLog;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCF functions exported through CLS from the command line: the CLS emulator holds a topic two functions deliver
 * to (and logs of no function), the SCF emulator answers {@code GetFunction} with the topic. Every log of the function
 * is archived once with SCF's fields as columns, none of the other function's; the topic is asked once per run; a
 * function SCF does not know, or one without CLS delivery, is an input error before anything is written.
 */
class ClsFunctionExportTest {

	private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

	private static final String TOPIC = "5cf0d1e2-aaaa-4b5c-8d9e-0f1a2b3c4d5e";

	private static final String SECRET_ID = "AKIDclsFunctionExport";

	private static final String SECRET_KEY = "cls-function-export-key";

	@TempDir
	Path dir;

	private ClsDataset dataset;

	private ClsEmulator cls;

	private ScfEmulator scf;

	@BeforeEach
	void start() {
		this.dataset = ClsDataset.builder(27)
			.topicName(TOPIC, "SCF_logtopic_shared")
			.function(TOPIC, "default", "order-api", START, START.plusSeconds(3 * 3_600), 400)
			.function(TOPIC, "default", "order-api-canary", START, START.plusSeconds(3 * 3_600), 150)
			.function(TOPIC, "staging", "order-api", START, START.plusSeconds(3 * 3_600), 100)
			.topic(TOPIC, START, START.plusSeconds(3 * 3_600), 200)
			.build();
		this.cls = ClsEmulator.builder().credential(SECRET_ID, SECRET_KEY).dataset(this.dataset).start();
		this.scf = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(27)
				.function("default", "legacy-fn", START, START.plusSeconds(3_600), 10)
				.build())
			.clsTopic("default", "order-api", TOPIC)
			.clsTopic("staging", "order-api", TOPIC)
			.rateLimitPerSecond(0)
			.start();
	}

	@AfterEach
	void stop() {
		this.cls.close();
		this.scf.close();
	}

	@Test
	void exportsEveryLogOfTheFunctionOnceWithSCFsColumnsAndNoneOfAnotherFunctionsAskingSCFOncePerRun()
			throws IOException {
		Path spec = spec("""
				      - function: order-api
				      - id: order-api-v2
				        function: order-api
				        qualifier: "2"
				""");

		CliRun run = export(spec);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("6 windows: 6 MATCHED");
		List<String> expected = keys(functionLogs("default", "order-api", null));
		assertThat(keys(this.dir.resolve("archive"), "order-api")).isEqualTo(expected).hasSizeGreaterThan(1_000);
		List<String> version2 = keys(functionLogs("default", "order-api", "2"));
		assertThat(keys(this.dir.resolve("archive"), "order-api-v2")).isEqualTo(version2)
			.isNotEmpty()
			.hasSizeLessThan(expected.size());
		// one question for each (function, namespace, qualifier): the check before the run asked, the windows kept it
		assertThat(this.scf.getFunctionCount()).isEqualTo(2);
		assertThat(header("order-api")).startsWith("Time", "TimeMs", "TopicId", "Source", "FileName", "HostName",
				"PkgId", "PkgLogId", "SCF_FunctionName", "SCF_Namespace", "SCF_StartTime", "SCF_LogTime",
				"SCF_RequestId", "SCF_Duration", "SCF_Alias", "SCF_Qualifier", "SCF_MemUsage", "SCF_Level",
				"SCF_Message", "SCF_Type", "SCF_StatusCode", "SCF_RetryNum");
		JsonNode manifest = manifest("order-api");
		assertThat(manifest.get("verdict").asString()).isEqualTo("MATCHED");
		assertThat(manifest.toString()).contains("SCF_FunctionName:\\\"order-api\\\" AND SCF_Namespace:\\\"default\\\"");
	}

	@Test
	void reconcileCountsAFunctionsWindowsOnTheTopicGetFunctionNamesAndFindsThemMatched() {
		Path spec = spec("""
				      - function: order-api
				""");
		CliRun run = export(spec);
		assertThat(run.exitCode()).as(run.output()).isZero();

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to",
				"2026-11-01T03:00");

		assertThat(reconcile.exitCode()).as(reconcile.output()).isZero();
		assertThat(reconcile.out()).contains("3 windows: 3 MATCHED");
		// one question for the export's run, one for reconcile's
		assertThat(this.scf.getFunctionCount()).isEqualTo(2);
	}

	@Test
	void reconcileCountsAFunctionsWindowsWithTheSqlCountOfItsExactFieldsAlone() {
		Path spec = spec("""
				      - function: order-api
				""");
		CliRun run = export(spec);
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.cls.sqlCountRequests()).as("the probe's and one per window").isEqualTo(4);
		// Only the SQL count changes: a function's count is that alone, so the windows now differ by 2, not fail.
		this.cls.faults().sqlCountOffBy(TOPIC, 2);

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to",
				"2026-11-01T03:00");

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(3);
		assertThat(reconcile.out()).containsPattern("\\+2 +MISMATCH").contains("3 windows: 3 MISMATCH");
		assertThat(reconcile.err()).doesNotContain("SQL count(*)");
	}

	@Test
	void aFunctionWhoseTopicTheSpecGivesIsReadWithoutAskingSCF() throws IOException {
		Path spec = spec("""
				      - function: order-api
				        namespace: staging
				        topic: %s
				""".formatted(TOPIC));

		CliRun run = export(spec);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(keys(this.dir.resolve("archive"), "order-api")).isEqualTo(keys(functionLogs("staging",
				"order-api", null)));
		assertThat(this.scf.getFunctionCount()).isZero();
	}

	@Test
	void aFunctionSCFDoesNotKnowIsAnInputErrorNamingSourceTargetAndFunctionBeforeAnythingIsWritten() {
		Path spec = spec("""
				      - function: order-api
				      - function: ghost-fn
				""");

		CliRun run = export(spec);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains("scf-logs/ghost-fn")
			.contains("SCF function default/ghost-fn does not exist: ResourceNotFound.Function")
			.doesNotContain("\tat ")
			.doesNotContain(SECRET_KEY);
		assertThat(this.dir.resolve("archive")).doesNotExist();
	}

	@Test
	void aFunctionWithoutCLSDeliveryIsAnInputErrorThatSaysToGiveItsTopic() {
		Path spec = spec("""
				      - function: legacy-fn
				""");

		CliRun run = export(spec);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.output()).contains("SCF function default/legacy-fn has no CLS log delivery: give its topic "
				+ "with `topic:`")
			.doesNotContain("\tat ");
		assertThat(this.dir.resolve("archive")).doesNotExist();
	}

	/** The logs the archive must hold for the function: in the export's range, of its version when given. */
	private List<ClsLog> functionLogs(String namespace, String function, String qualifier) {
		return this.dataset.logs(TOPIC, START, START.plusSeconds(3 * 3_600))
			.stream()
			.filter((log) -> function.equals(log.fields().get("SCF_FunctionName"))
					&& namespace.equals(log.fields().get("SCF_Namespace"))
					&& (qualifier == null || qualifier.equals(log.fields().get("SCF_Qualifier"))))
			.toList();
	}

	/** Each log as time, request, message and type: what tells one line of a function from another. */
	private static List<String> keys(List<ClsLog> logs) {
		List<String> keys = new ArrayList<>();
		for (ClsLog log : logs) {
			keys.add(log.time() + "|" + log.pkgId() + "|" + log.pkgLogId() + "|" + log.fields().get("SCF_RequestId")
					+ "|" + log.fields().get("SCF_Message") + "|" + log.fields().get("SCF_Qualifier"));
		}
		keys.sort(Comparator.naturalOrder());
		return keys;
	}

	private static List<String> keys(Path archive, String target) {
		List<String> keys = new ArrayList<>();
		for (List<String> row : ArchiveFiles.rows(archive, "scf-logs", target)) {
			keys.add(row.get(1) + "|" + row.get(6) + "|" + row.get(7) + "|" + row.get(12) + "|" + row.get(18) + "|"
					+ row.get(15));
		}
		keys.sort(Comparator.naturalOrder());
		return keys;
	}

	private List<String> header(String target) throws IOException {
		try (Stream<Path> walk = Files.walk(this.dir.resolve("archive").resolve("scf-logs").resolve(target))) {
			Path file = walk.filter((path) -> path.toString().endsWith(".csv")).sorted().findFirst().orElseThrow();
			List<CSVRecord> records = ArchiveFiles.parse(file);
			return records.get(0).toList();
		}
	}

	private JsonNode manifest(String target) throws IOException {
		try (Stream<Path> walk = Files.walk(this.dir.resolve("archive").resolve("scf-logs").resolve(target))) {
			Path file = walk.filter((path) -> path.toString().endsWith(".manifest.json")).sorted().findFirst()
				.orElseThrow();
			return JsonMapper.builder().build().readTree(Files.readString(file));
		}
	}

	private Path spec(String targets) {
		try {
			Path secretId = Files.writeString(this.dir.resolve("secret-id"), SECRET_ID);
			Path secretKey = Files.writeString(this.dir.resolve("secret-key"), SECRET_KEY);
			Path spec = this.dir.resolve("job.yaml");
			Files.writeString(spec, """
					name: cls-functions
					zone: UTC
					destination:
					  path: %s
					sources:
					  - id: scf-logs
					    type: tencent-cls
					    endpoint: %s
					    scfEndpoint: %s
					    region: ap-guangzhou
					    settleDelay: 1m
					    rateLimit: 1000
					    pageSize: 100
					    credentials:
					      secretId: {file: %s}
					      secretKey: {file: %s}
					    targets:
					""".formatted(this.dir.resolve("archive"), this.cls.endpoint(), this.scf.endpoint(), secretId,
					secretKey) + targets);
			return spec;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private CliRun export(Path spec) {
		return CliRun.of("export", "--job", spec.toString(), "--from", "2026-11-01T00:00", "--to",
				"2026-11-01T03:00", "--home", this.dir.resolve("home").toString());
	}

}
