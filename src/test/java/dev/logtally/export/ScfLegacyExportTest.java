package dev.logtally.export;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end exports through the command line from the legacy SCF API (v2), against its loopback emulator, and
 * compared with API 3.0 exports of the same logs.
 */
class ScfLegacyExportTest {

	/** 2026-11-01T00:00 in Beijing. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant DAY_2 = DAY_1.plusSeconds(86_400);

	private static final Instant DAY_4 = DAY_1.plusSeconds(3 * 86_400);

	/** Invocations that happen while the export runs, on top of the listing. */
	private static final Instant NOW = DAY_4.plusSeconds(86_400 + 7_200);

	private static final String SECRET_ID = "AKIDlegacy0123456789";

	private static final String SECRET_KEY = "legacy-secret-key-0123456789";

	@TempDir
	Path dir;

	private ScfLegacyEmulator legacy;

	private ScfEmulator api3;

	@AfterEach
	void stopEmulators() {
		if (this.legacy != null) {
			this.legacy.close();
		}
		if (this.api3 != null) {
			this.api3.close();
		}
	}

	@Test
	void exportsEveryLogOnceWhileNewLogsArriveAndWritesTheSameFilesAsApi3() {
		ScfDataset dataset = ScfDataset.builder(55)
			.function("default", "fn-a", DAY_1, DAY_4, 3_000)
			.function("default", "fn-b", DAY_1, DAY_4, 2_000)
			.burst("default", "fn-b", DAY_2.plusSeconds(3_600), 150)
			.function("default", "fn-a", DAY_4, NOW, 400)
			.late("default", "fn-a", NOW, 60, 20)
			.late("default", "fn-b", NOW, 45, 60)
			.late("default", "fn-a", NOW.plusSeconds(1), 130, 120)
			.largeFields(700, 200_000)
			.build();
		this.legacy = legacy(dataset).build().start();
		this.api3 = ScfEmulator.builder().credential(SECRET_ID, SECRET_KEY).dataset(dataset).build().start();

		CliRun legacyRun = export(spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy").function("fn-b"),
				"legacy");
		CliRun api3Run = export(spec(this.api3.endpoint(), "api3").pageSize(1_000).function("fn-b"), "api3");

		assertThat(legacyRun.exitCode()).as(legacyRun.output()).isEqualTo(0);
		assertThat(api3Run.exitCode()).as(api3Run.output()).isEqualTo(0);
		assertThat(legacyRun.out()).contains("6 windows: 6 MATCHED; 5150 records written");
		assertThat(this.legacy.servedCount()).as("the late logs arrived during the export").isGreaterThan(120);
		for (String function : List.of("fn-a", "fn-b")) {
			assertThat(ArchiveFiles.rows(this.dir.resolve("legacy/archive"), "scf-test", function)).as(function)
				.isEqualTo(dataset.logs("default", function)
					.stream()
					.filter((log) -> log.startTime().isBefore(DAY_4))
					.map(ArchiveFiles::expectedRow)
					.toList());
		}
		Map<String, byte[]> legacyFiles = dataFiles(this.dir.resolve("legacy/archive"));
		Map<String, byte[]> api3Files = dataFiles(this.dir.resolve("api3/archive"));
		assertThat(legacyFiles).hasSize(6);
		assertThat(legacyFiles.keySet()).isEqualTo(api3Files.keySet());
		legacyFiles.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(api3Files.get(name)));
	}

	@Test
	void aLogThatArrivesInsideAWindowAlreadyReadIsFoundByTheCountAndTheWindowIsReadAgain() throws Exception {
		ScfDataset dataset = ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", DAY_1, DAY_2, 1_000)
			.late("default", "fn-a", DAY_2.minusSeconds(300), 3, 6)
			.build();
		this.legacy = legacy(dataset).build().start();

		OperatorLog log = new OperatorLog();
		SpecBuilder spec = spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy").concurrency(1);
		CliRun run = log.during(() -> export(spec, "legacy", "2026-11-01", "2026-11-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(log.text()).contains("the listing counts 1003 logs in the window where 1000 were read")
			.contains("(attempt 2 of 3)");
		assertThat(ArchiveFiles.rows(this.dir.resolve("legacy").resolve("archive"), "scf-test", "fn-a"))
			.isEqualTo(dataset.logs("default", "fn-a").stream().map(ArchiveFiles::expectedRow).toList())
			.hasSize(1_003);
	}

	@Test
	void aWindowStillGainingLogsInsideAfterItsLastAllowedReadIsAMismatch() {
		ScfDataset.Builder dataset = ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", DAY_1, DAY_2, 1_000);
		// A log arrives inside the window, near its end, after every few answers for longer than the run lasts.
		for (int served = 6; served < 400; served += 3) {
			dataset.late("default", "fn-a", DAY_2.minusSeconds(300), 1, served);
		}
		this.legacy = legacy(dataset.build()).build().start();

		OperatorLog log = new OperatorLog();
		SpecBuilder spec = spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy").concurrency(1);
		CliRun run = log.during(() -> export(spec, "legacy", "2026-11-01", "2026-11-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(log.text()).contains("(attempt 3 of 3)");
		assertThat(run.out()).contains("MISMATCH");
	}

	@Test
	void survivesQuotaRefusalsInternalErrorsDroppedConnectionsAndTruncatedAnswersAtTheDocumentedRate() {
		ScfDataset dataset = ScfDataset.builder(11)
			.function("default", "fn-a", DAY_1, DAY_4, 1_500)
			.function("default", "fn-b", DAY_1, DAY_4, 1_000)
			.build();
		this.legacy = legacy(dataset).rateLimitPerSecond(5).stringCodes(true).build().start();
		this.legacy.onServed((served) -> {
			switch (served) {
				case 5 -> this.legacy.faults().throttle(3);
				case 10 -> this.legacy.faults().internalError(2);
				case 17 -> this.legacy.faults().failWithHttpStatus(503, 2);
				case 24 -> this.legacy.faults().dropConnections(2);
				case 31 -> this.legacy.faults().truncateJson(2);
				default -> {
				}
			}
		});

		CliRun run = export(spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy")
			.function("fn-b")
			.sourceOption("httpMethod: GET")
			.rateLimit(5), "legacy");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(this.legacy.faults().pending()).isZero();
		assertThat(this.legacy.maxRequestsInAnySecond(SECRET_ID)).isLessThanOrEqualTo(5);
		for (String function : List.of("fn-a", "fn-b")) {
			assertThat(ArchiveFiles.rows(this.dir.resolve("legacy/archive"), "scf-test", function))
				.isEqualTo(dataset.logs("default", function).stream().map(ArchiveFiles::expectedRow).toList());
		}
	}

	@Test
	void aClockFarFromTheSourcesIsRefusedBeforeAnythingIsWrittenNamingTheClock() {
		ScfDataset dataset = ScfDataset.builder(2).function("default", "fn-a", DAY_1, DAY_2, 10).build();
		this.legacy = legacy(dataset).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(7))).build().start();

		CliRun run = export(spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy"), "legacy");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("source scf-test, function fn-a")
			.contains("code 4500")
			.contains("check this machine's clock, which must be within 5 minutes of Tencent's")
			.doesNotContain(SECRET_KEY)
			.doesNotContain("at dev.logtally");
		assertThat(this.dir.resolve("legacy/archive")).doesNotExist();
	}

	@Test
	void aFunctionTheLegacyApiDoesNotKnowIsRefusedBeforeAnythingIsWrittenNamingSourceAndTarget() {
		ScfDataset dataset = ScfDataset.builder(2).function("default", "fn-a", DAY_1, DAY_2, 10).build();
		this.legacy = legacy(dataset).build().start();

		CliRun run = export(spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy").function("fn-aa"),
				"legacy");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("unknown target scf-test/fn-aa: source scf-test, function fn-aa")
			.contains("code 5000")
			.doesNotContain("scf-test/fn-a:")
			.doesNotContain("at dev.logtally");
		assertThat(this.dir.resolve("legacy/archive")).doesNotExist();
		assertThat(this.dir.resolve("legacy/home")).as("job repository created").doesNotExist();
	}

	@Test
	void anOffsetCapThatHidesLogsIsATruncatedVerdictWithTheNumberMissing() {
		ScfDataset dataset = ScfDataset.builder(7)
			.hostile(false)
			.function("default", "fn-a", DAY_1, DAY_2, 1_300)
			.build();
		this.legacy = legacy(dataset).offsetCap(1_000).build().start();

		CliRun run = export(spec(this.legacy.endpoint(), "legacy").sourceType("tencent-scf-legacy")
			.sourceOption("offsetCap: 1000"), "legacy", "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("TRUNCATED (300 missing)");
		assertThat(ArchiveFiles.rows(this.dir.resolve("legacy/archive"), "scf-test", "fn-a")).hasSize(1_000);
	}

	private static ScfLegacyEmulator.Builder legacy(ScfDataset dataset) {
		return ScfLegacyEmulator.builder().credential(SECRET_ID, SECRET_KEY).dataset(dataset).rateLimitPerSecond(0);
	}

	private SpecBuilder spec(java.net.URI endpoint, String folder) {
		return SpecBuilder.forEndpoint(endpoint)
			.destination(this.dir.resolve(folder).resolve("archive"))
			.credentialFiles(this.dir.resolve(folder).resolve("credentials"), SECRET_ID, SECRET_KEY)
			.function("fn-a");
	}

	private CliRun export(SpecBuilder spec, String folder) {
		return export(spec, folder, "2026-11-01", "2026-11-04");
	}

	private CliRun export(SpecBuilder spec, String folder, String from, String to) {
		Path job = spec.writeTo(this.dir.resolve(folder).resolve("job.yaml"));
		return CliRun.of("export", "--job", job.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve(folder).resolve("home").toString());
	}

	/** The archive's data files (not manifests, which name their source), by relative path. */
	private static Map<String, byte[]> dataFiles(Path archive) {
		Map<String, byte[]> files = new TreeMap<>(ArchiveFiles.snapshot(archive));
		files.keySet().removeIf((name) -> !name.endsWith(".csv"));
		return files;
	}

}
