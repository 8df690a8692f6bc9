package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.logtally.sandbox.cls.ClsDataset;
import dev.logtally.sandbox.cls.ClsEmulator;
import dev.logtally.sandbox.cls.ClsLog;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.ClsSpecBuilder;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.PrometheusText;
import dev.logtally.testing.PrometheusText.Family;
import dev.logtally.testing.PrometheusText.Sample;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end CLS exports through the command line against the CLS sandbox: an hour beyond what one query's Contexts
 * reach, a millisecond holding more than a page, ties in a new order on every query, logs without package ids, logs
 * stored twice, Contexts that expire mid-leaf, throttling and faults, logs that arrive while a leaf is read or after
 * its window was exported, hostile values and keys, the limit of 15 queries in flight per topic, and the SQL count
 * that cross-checks each window.
 */
class ClsExportTest {

	private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

	private static final String TOPIC = "0f9ad3a8-5c2e-4a5b-9c1e-2d3f4a5b6c7d";

	private static final String SECRET_ID = "AKIDclsExportTest";

	private static final String SECRET_KEY = "cls-export-secret-key";

	private static final String SOURCE = ClsSpecBuilder.SOURCE_ID;

	private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final List<String> LEADING = List.of("Time", "TimeMs", "TopicId", "Source", "FileName", "HostName",
			"PkgId", "PkgLogId");

	private static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";

	@TempDir
	Path dir;

	private ClsEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.faults().reset();
			this.emulator.close();
		}
	}

	@Test
	void exportsAnHourOf25000LogsExactlyInOneOrderWhateverOrderClsGivesTies() throws IOException {
		ClsDataset dataset = ClsDataset.builder(27)
			.topic(TOPIC, START, START.plusSeconds(3_600), 25_000)
			.burst(TOPIC, START.plusMillis(1_234_567), 1_500)
			.identical(TOPIC, 10)
			.build();
		start(dataset);
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("1 MATCHED").contains("26500 records written");
		List<ClsLog> logs = dataset.logs(TOPIC);
		assertThat(logs).as("some logs carry no package ids").anyMatch((log) -> log.pkgId().isEmpty());
		assertThat(rows(TOPIC)).isEqualTo(expected(logs));
		JsonNode counts = onlyManifest().get("counts");
		assertThat(counts.get("expected").asLong()).isEqualTo(26_510);
		assertThat(counts.get("read").asLong()).isEqualTo(26_510);
		assertThat(counts.get("duplicatesDropped").asLong()).isEqualTo(10);
		assertThat(counts.get("written").asLong()).isEqualTo(26_500);
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MATCHED");
		assertThat(this.emulator.throttledCount()).isZero();
	}

	@Test
	void hostileValuesAndKeysRoundTripByteForByte() throws IOException {
		ClsDataset dataset = ClsDataset.builder(31).topic(TOPIC, START, START.plusSeconds(3_600), 3_000).build();
		start(dataset);
		Path spec = spec().gzip().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		List<Map<String, String>> rows = rows(TOPIC);
		assertThat(rows).isEqualTo(expected(dataset.logs(TOPIC)));
		Set<String> columns = new LinkedHashSet<>();
		rows.forEach((row) -> columns.addAll(row.keySet()));
		assertThat(columns).as("hostile keys have columns of their own").contains("user agent", "用户名",
				"city,country", "say \"hi\"");
		assertThat(rows).as("values with CR, LF and quotes").anyMatch((row) -> row.values()
			.stream()
			.anyMatch((value) -> value.contains("\r\n") || value.contains("\"")));
	}

	@Test
	void aContextThatExpiresMidLeafReadsThatLeafAgainFromItsStartAndTheWindowMatches() throws IOException {
		// One millisecond holding 2,000 logs, read with Context pages of 200; nothing else in the window.
		ClsDataset dataset = ClsDataset.builder(41)
			.burst(TOPIC, START.plusMillis(1_234_567), 2_000)
			.topic(TOPIC, START.plusSeconds(3_600), START.plusSeconds(7_200), 300)
			.build();
		start(dataset);
		// The probe's search and SQL count are the first two SearchLogs, the leaf's first page the third: every Context
		// issued so far expires then.
		AtomicBoolean expired = new AtomicBoolean();
		this.emulator.onServed((served) -> {
			if (this.emulator.requestCount(ClsEmulator.SEARCH_LOG) >= 3 && expired.compareAndSet(false, true)) {
				this.emulator.faults().expireContexts();
			}
		});
		Path spec = spec().pageSize(200).topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(log.text()).contains("FailedOperation.InvalidContext").contains("fetching the leaf again from its start");
		assertThat(rows(TOPIC)).isEqualTo(expected(dataset.logs(TOPIC, START, START.plusSeconds(3_600))))
			.hasSize(2_000);
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MATCHED");
	}

	@Test
	void throttlingInternalErrorsTimeoutsDroppedConnectionsAndGatewayErrorsAreRetriedAndCounted() throws IOException {
		ClsDataset dataset = ClsDataset.builder(11)
			.topic(TOPIC, START, START.plusSeconds(2 * 3_600), 8_000)
			.burst(TOPIC, START.plusMillis(4_321_987), 1_200)
			.build();
		start(dataset);
		this.emulator.onServed((served) -> {
			switch (served) {
				case 2 -> this.emulator.faults().throttle(2);
				case 5 -> this.emulator.faults().internalError(2).searchTimeout(1);
				case 8 -> this.emulator.faults().dropConnections(2);
				case 11 -> this.emulator.faults().failWithHttpStatus(502, 2);
				default -> {
				}
			}
		});
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T02:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("2 windows: 2 MATCHED");
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(rows(TOPIC)).isEqualTo(expected(dataset.logs(TOPIC)));
		Map<String, Family> metrics = PrometheusText.parse(Files.readString(this.dir.resolve("home/metrics/cls-export.prom")));
		assertThat(value(metrics, "logtally_retries_total", "source", SOURCE)).isEqualTo(9);
		assertThat(value(metrics, "logtally_throttled_total", "source", SOURCE)).isEqualTo(2);
	}

	@Test
	void logsThatArriveInALeafWhileItIsReadAreCountedAndReadAgainExactly() throws IOException {
		ClsDataset dataset = ClsDataset.builder(5).topic(TOPIC, START, START.plusSeconds(3_600), 300).build();
		start(dataset);
		// Answers: the probe's search and SQL count, the window's histogram; from the leaf's SearchLog on the topic holds
		// three logs more.
		this.emulator.faults().addLogs(TOPIC, START.plusSeconds(1_800), START.plusSeconds(1_801), 3, 3);
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(log.text()).contains("where the histogram counted").contains("counting and reading it again");
		assertThat(rows(TOPIC)).isEqualTo(expected(this.emulator.logs(TOPIC))).hasSize(303);
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MATCHED");
	}

	@Test
	void aLeafStillMovingOnItsLastAllowedReadIsAMismatchWithANonZeroExit() throws IOException {
		start(ClsDataset.builder(5).topic(TOPIC, START, START.plusSeconds(3_600), 300).build());
		// A log arrives in the window after every answer from the window's histogram on (after the probe's two).
		for (int served = 3; served < 60; served++) {
			this.emulator.faults().addLogs(TOPIC, START.plusSeconds(1_800), START.plusSeconds(1_801), 1, served);
		}
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(log.text()).contains("(attempt 3 of 3)").doesNotContain("attempt 4");
		assertThat(run.out()).contains("MISMATCH");
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MISMATCH");
		assertThat(onlyManifest().at("/counts/countChangeDuringRead").asLong()).isPositive();
	}

	@Test
	void credentialsClsRefusesFailTheRunInOneLineNamingTheSourceWithoutTheSecret() {
		start(ClsDataset.builder(3).topic(TOPIC, START, START.plusSeconds(3_600), 100).build());
		Path spec = ClsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, "a-wrong-secret-key")
			.topic(TOPIC)
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("source " + SOURCE)
			.contains("AuthFailure")
			.contains("check the credentials")
			.doesNotContain("a-wrong-secret-key")
			.doesNotContain("\tat ");
		assertThat(run.output()).doesNotContain("a-wrong-secret-key");
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();
	}

	@Test
	void aTopicClsDoesNotKnowIsRefusedInOneLineNamingSourceTargetAndTheCode() {
		start(ClsDataset.builder(3).topic(TOPIC, START, START.plusSeconds(3_600), 100).build());
		String unknown = "deadbeef-0000-4000-8000-000000000000";
		Path spec = spec().topic(TOPIC).topic(unknown).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains(SOURCE + "/" + unknown)
			.contains("source " + SOURCE + ", topic " + unknown)
			.contains("ResourceNotFound.TopicNotExist")
			.doesNotContain("\tat ");
		assertThat(run.err().lines().filter((line) -> line.contains("TopicNotExist"))).hasSize(1);
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();
	}

	@Test
	void reconcileFindsLogsThatArrivedLateInAnExportedWindowAndRepairExportsItAgainAsVersion2() throws IOException {
		ClsDataset dataset = ClsDataset.builder(8).topic(TOPIC, START, START.plusSeconds(2 * 3_600), 1_500).build();
		start(dataset);
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));
		CliRun exported = export(spec, "2026-11-01T00:00", "2026-11-01T02:00");
		assertThat(exported.exitCode()).as(exported.output()).isZero();
		// Three logs indexed late into the first hour, visible from the next request on.
		this.emulator.faults().addLogs(TOPIC, START.plusSeconds(600), START.plusSeconds(601), 3, 0);

		CliRun reconcile = cli("reconcile", spec);

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(3);
		assertThat(reconcile.out()).containsPattern(
				TOPIC + " +2026-11-01T00:00:00\\+00:00 2026-11-01T01:00:00\\+00:00 +(\\d+) +\\d+ +\\+3 +MISMATCH +MATCHED")
			.contains("2 windows: 1 MATCHED, 1 MISMATCH");

		CliRun repair = cli("reconcile", spec, "--repair");

		assertThat(repair.exitCode()).as(repair.output()).isZero();
		assertThat(repair.out()).containsSubsequence("+3", "MISMATCH", "Repairing", "After the repair:",
				"2 windows: 2 MATCHED");
		Path folder = this.dir.resolve("archive/" + SOURCE + "/" + TOPIC + "/dt=2026-11-01");
		assertThat(Files.readString(folder.resolve("20261101T000000Z_20261101T010000Z.manifest.json")))
			.contains("\"version\" : 2");
		assertThat(folder.resolve("20261101T000000Z_20261101T010000Z.versions/1")).isDirectory();
		assertThat(rows(TOPIC)).isEqualTo(expected(this.emulator.logs(TOPIC))).hasSize(1_503);

		CliRun again = cli("reconcile", spec);
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.out()).contains("2 windows: 2 MATCHED");
	}

	@Test
	void aDayOfHourlyWindowsAt24WorkersKeepsAtMost15QueriesInFlightOnTheTopic() throws Exception {
		ClsDataset dataset = ClsDataset.builder(15).topic(TOPIC, START, START.plusSeconds(86_400), 24 * 300).build();
		start(dataset);
		// The probe's two answers (its search and SQL count) go out; every later answer waits until the test sees 15
		// queries held at once.
		AtomicBoolean holding = new AtomicBoolean();
		this.emulator.onServed((served) -> {
			if (served >= 2 && holding.compareAndSet(false, true)) {
				this.emulator.faults().holdAfter(0);
			}
		});
		Path spec = spec().concurrency(24).window("1h").topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		// A window reads inside a chunk's transaction, holding a connection of the job repository's pool: the default
		// pool of 10 would let only 10 windows read at once, fewer than CLS allows.
		System.setProperty(POOL_SIZE, "32");
		CliRun run;
		try {
			CompletableFuture<CliRun> running = CompletableFuture
				.supplyAsync(() -> export(spec, "2026-11-01T00:00", "2026-11-02T00:00"));
			this.emulator.faults().awaitHeld(ClsEmulator.MAX_QUERIES_PER_TOPIC, Duration.ofSeconds(60));
			this.emulator.faults().release();
			run = running.get(120, TimeUnit.SECONDS);
		}
		finally {
			System.clearProperty(POOL_SIZE);
		}

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("24 windows: 24 MATCHED");
		assertThat(this.emulator.maxInFlight(TOPIC)).isEqualTo(ClsEmulator.MAX_QUERIES_PER_TOPIC);
		assertThat(this.emulator.throttledCount()).as("LimitExceeded.LogSearch refusals").isZero();
		assertThat(rows(TOPIC)).isEqualTo(expected(dataset.logs(TOPIC)));
	}

	@Test
	void eachWindowIsCrossCheckedWithOneSqlCountAndWindowsWhoseCountsAgreeAreMatched() throws IOException {
		ClsDataset dataset = ClsDataset.builder(31)
			.topic(TOPIC, START, START.plusSeconds(2 * 3_600), 3_000)
			.burst(TOPIC, START.plusMillis(4_000_000), 1_500)
			.identical(TOPIC, 3)
			.build();
		start(dataset);
		Path spec = spec().pageSize(500).topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T02:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("2 windows: 2 MATCHED");
		assertThat(this.emulator.sqlCountRequests()).as("the probe's and one per window").isEqualTo(3);
		assertThat(rows(TOPIC)).isEqualTo(expected(dataset.logs(TOPIC)));
	}

	@Test
	void aWindowWhoseSqlCountDisagreesWithTheHistogramIsAMismatchAndTheOperatorLineNamesBothCounts()
			throws IOException {
		ClsDataset dataset = ClsDataset.builder(32).topic(TOPIC, START, START.plusSeconds(3_600), 800).build();
		start(dataset);
		this.emulator.faults().sqlCountOffBy(TOPIC, 3);
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("MISMATCH");
		assertThat(log.text().lines().filter((line) -> line.contains("SQL count(*)"))).singleElement()
			.asString()
			.contains("source " + SOURCE + ", topic " + TOPIC + ", range [2026-11-01T00:00:00Z, 2026-11-01T01:00:00Z)")
			.contains("the SQL count(*) gives 803 logs where the histogram counted 800");
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MISMATCH");
		assertThat(onlyManifest().at("/counts/countChangeDuringRead").asLong()).isEqualTo(3);
		assertThat(rows(TOPIC)).as("the logs read are archived all the same").hasSize(800);
	}

	@Test
	void aTopicThatRunsNoSqlStopsTheRunAtItsPreflightNamingTheOptionAndRunsWithTheCrossCheckOff() throws IOException {
		ClsDataset dataset = ClsDataset.builder(33).topic(TOPIC, START, START.plusSeconds(3_600), 400).build();
		start(dataset);
		this.emulator.faults().refuseSql(TOPIC);

		CliRun refused = export(spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml")), "2026-11-01T00:00",
				"2026-11-01T01:00");

		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
		assertThat(refused.err().lines().filter((line) -> line.contains("sqlCount: false"))).singleElement()
			.asString()
			.contains("source " + SOURCE + ", topic " + TOPIC)
			.contains("FailedOperation.QueryError");
		assertThat(refused.err()).doesNotContain("\tat ");
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();

		CliRun off = export(spec().sqlCount(false).topic(TOPIC).writeTo(this.dir.resolve("off.yaml")),
				"2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(off.exitCode()).as(off.output()).isZero();
		assertThat(off.out()).contains("1 window: 1 MATCHED");
		assertThat(rows(TOPIC)).isEqualTo(expected(dataset.logs(TOPIC)));
	}

	@Test
	void reconcileOfAWindowWhoseSqlCountNowDisagreesWithTheHistogramSaysSoInOneLineAndFails() throws IOException {
		ClsDataset dataset = ClsDataset.builder(34).topic(TOPIC, START, START.plusSeconds(2 * 3_600), 1_000).build();
		start(dataset);
		Path spec = spec().topic(TOPIC).writeTo(this.dir.resolve("job.yaml"));
		CliRun exported = export(spec, "2026-11-01T00:00", "2026-11-01T02:00");
		assertThat(exported.exitCode()).as(exported.output()).isZero();
		this.emulator.faults().sqlCountOffBy(TOPIC, 3);

		CliRun reconcile = cli("reconcile", spec);

		assertThat(reconcile.exitCode()).as(reconcile.output()).isNotZero();
		assertThat(reconcile.err().lines().filter((line) -> line.contains("SQL count(*)"))).singleElement()
			.asString()
			.contains(SOURCE + "/" + TOPIC)
			.contains("range [2026-11-01T00:00:00Z, 2026-11-01T01:00:00Z)")
			.containsPattern("the histogram counts (\\d+) logs and the SQL count\\(\\*\\) \\d+");
		assertThat(reconcile.err()).doesNotContain("\tat ");
	}

	private void start(ClsDataset dataset) {
		this.emulator = ClsEmulator.builder().credential(SECRET_ID, SECRET_KEY).dataset(dataset).start();
	}

	private ClsSpecBuilder spec() {
		return ClsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY);
	}

	private CliRun export(Path spec, String from, String to) {
		return CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve("home").toString());
	}

	private CliRun cli(String command, Path spec, String... more) {
		List<String> args = new ArrayList<>(List.of(command, "--job", spec.toString(), "--from", "2026-11-01T00:00",
				"--to", "2026-11-01T02:00", "--home", this.dir.resolve("home").toString()));
		args.addAll(List.of(more));
		return CliRun.of(args.toArray(String[]::new));
	}

	/** Every data row of a target's current files, in archive order, as column to value, empty values left out. */
	private List<Map<String, String>> rows(String target) throws IOException {
		List<Map<String, String>> rows = new ArrayList<>();
		Path folder = this.dir.resolve("archive").resolve(SOURCE).resolve(target);
		List<Path> files;
		try (Stream<Path> walk = Files.walk(folder)) {
			files = walk.filter((path) -> !path.toString().contains(".versions"))
				.filter((path) -> path.toString().endsWith(".csv") || path.toString().endsWith(".csv.gz"))
				.sorted()
				.toList();
		}
		for (Path file : files) {
			List<CSVRecord> records = ArchiveFiles.parse(file);
			List<String> header = records.get(0).toList();
			assertThat(header.subList(0, LEADING.size())).isEqualTo(LEADING);
			assertThat(header.subList(LEADING.size(), header.size())).isSorted().doesNotHaveDuplicates();
			for (CSVRecord record : records.subList(1, records.size())) {
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < header.size(); i++) {
					if (i < LEADING.size() || !record.get(i).isEmpty()) {
						row.put(header.get(i), record.get(i));
					}
				}
				rows.add(row);
			}
		}
		return rows;
	}

	/**
	 * The rows the archive must hold for these logs: each log once (an identical copy is the same log), in the
	 * client's total order: time, package ids, then the whole log.
	 */
	private static List<Map<String, String>> expected(List<ClsLog> logs) {
		Comparator<ClsLog> order = Comparator.comparingLong(ClsLog::time)
			.thenComparing(ClsLog::pkgId)
			.thenComparing(ClsLog::pkgLogId)
			.thenComparing(ClsLog::logJson)
			.thenComparing(ClsLog::source)
			.thenComparing(ClsLog::fileName)
			.thenComparing(ClsLog::hostName)
			.thenComparing(ClsLog::topicId);
		List<Map<String, String>> rows = new ArrayList<>();
		logs.stream().distinct().sorted(order).forEach((log) -> {
			Map<String, String> row = new LinkedHashMap<>();
			row.put("Time", MILLIS.format(log.instant()));
			row.put("TimeMs", Long.toString(log.time()));
			row.put("TopicId", log.topicId());
			row.put("Source", log.source());
			row.put("FileName", log.fileName());
			row.put("HostName", log.hostName());
			row.put("PkgId", log.pkgId());
			row.put("PkgLogId", log.pkgLogId());
			log.fields().forEach((key, value) -> {
				if (!value.isEmpty()) {
					row.put(key, value);
				}
			});
			rows.add(row);
		});
		return rows;
	}

	private JsonNode onlyManifest() throws IOException {
		try (Stream<Path> walk = Files.walk(this.dir.resolve("archive"))) {
			List<Path> manifests = walk.filter((path) -> path.toString().endsWith(".manifest.json"))
				.filter((path) -> !path.toString().contains(".versions"))
				.toList();
			assertThat(manifests).hasSize(1);
			return JsonMapper.builder().build().readTree(Files.readString(manifests.get(0)));
		}
	}

	/** The value of the one series of {@code name} whose labels include {@code labels} (pairs of name and value). */
	private static double value(Map<String, Family> metrics, String name, String... labels) {
		Family family = metrics.get(name);
		assertThat(family).as(name + " in " + metrics.keySet()).isNotNull();
		List<Sample> matching = family.samples().stream().filter((sample) -> {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
					return false;
				}
			}
			return true;
		}).toList();
		assertThat(matching).as(name + " " + List.of(labels)).hasSize(1);
		return matching.get(0).value();
	}

}
