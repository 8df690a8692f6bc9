package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.sls.SlsDataset;
import dev.logtally.sandbox.sls.SlsEmulator;
import dev.logtally.sandbox.sls.SlsLog;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.SlsSpecBuilder;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end SLS exports through the command line against the SLS sandbox: ties reordered on every request, pages
 * answering Incomplete, dense seconds, identical logs, differing keys, hostile values.
 */
class SlsExportTest {

	/** 2026-11-01T00:00 in Beijing, the specs' zone. */
	private static final Instant START = Instant.parse("2026-10-31T16:00:00Z");

	private static final String PROJECT = "demo-project";

	private static final String KEY_ID = "LTAIsandboxKeyId";

	private static final String KEY_SECRET = "sandbox-key-secret";

	private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	@TempDir
	Path dir;

	private SlsEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void exportsEveryLogOnceAsAMultisetWhateverOrderAndIncompleteAnswersSlsGives() throws IOException {
		SlsDataset dataset = SlsDataset.builder(42)
			.logstore(PROJECT, "app-log", START, START.plusSeconds(6 * 3_600), 300_000)
			.burst(PROJECT, "app-log", START.plusSeconds(2 * 3_600 + 17), 3_000)
			.identical(PROJECT, "app-log", 25)
			.build();
		start(dataset);
		this.emulator.faults().incompleteRepeats(1, 3);
		Path spec = spec().gzip().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T06:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("6 windows: 6 MATCHED; 303025 records written");
		List<Map<String, String>> exported = rows(this.dir.resolve("archive"), "app-log");
		assertThat(sorted(exported)).isEqualTo(sorted(expected(dataset.logs(PROJECT, "app-log"))));
		assertThat(exported).extracting((row) -> row.get("__time__")).isSorted();
	}

	@Test
	void logsThatArriveInALeafAfterTheHistogramCountedItAreCountedAndReadWithIt() throws IOException {
		// Visible once the preflight and the window's histogram were answered: the last leaf holds more than counted.
		SlsDataset dataset = SlsDataset.builder(5)
			.logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 300)
			.late(PROJECT, "app-log", START.plusSeconds(3_599), 2, 3)
			.build();
		start(dataset);
		Path spec = spec().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(log.text()).contains("where the histogram counted").contains("counting and reading it again");
		assertThat(sorted(rows(this.dir.resolve("archive"), "app-log")))
			.isEqualTo(sorted(expected(dataset.logs(PROJECT, "app-log"))))
			.hasSize(302);
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MATCHED");
	}

	@Test
	void aLeafThatStillDiffersFromItsCountOnItsLastAllowedReadIsAMismatch() throws IOException {
		SlsDataset.Builder dataset = SlsDataset.builder(5)
			.logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 300);
		// A log arrives in the last second after every answer from the window's histogram on.
		for (int served = 3; served < 60; served++) {
			dataset.late(PROJECT, "app-log", START.plusSeconds(3_599), 1, served);
		}
		start(dataset.build());
		Path spec = spec().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01T00:00", "2026-11-01T01:00"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(log.text()).contains("(attempt 3 of 3)");
		assertThat(onlyManifest().get("verdict").asString()).isEqualTo("MISMATCH");
		assertThat(onlyManifest().at("/counts/countChangeDuringRead").asLong()).isPositive();
	}

	@Test
	void aQueryThatNeverCompletesMakesItsWindowIncompleteAndWritesNothingFromIt() throws IOException {
		start(SlsDataset.builder(7).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 500).build());
		this.emulator.faults().incompleteForever("app-log", true);
		Path spec = spec().incomplete(3, "5s").logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("INCOMPLETE (500 not read)");
		JsonNode manifest = onlyManifest();
		assertThat(manifest.get("verdict").asString()).isEqualTo("INCOMPLETE");
		assertThat(manifest.get("counts").get("written").asLong()).isZero();
		assertThat(manifest.get("counts").get("notReadIncomplete").asLong()).isEqualTo(500);
		assertThat(rows(this.dir.resolve("archive"), "app-log")).isEmpty();
	}

	@Test
	void survivesQuotaErrorsServerErrorsAndDroppedConnections() throws IOException {
		SlsDataset dataset = SlsDataset.builder(11)
			.logstore(PROJECT, "app-log", START, START.plusSeconds(2 * 3_600), 8_000)
			.build();
		start(dataset);
		this.emulator.onServed((served) -> {
			switch (served) {
				case 5 -> this.emulator.faults().quotaExceeded(2);
				case 20 -> this.emulator.faults().serverBusy(2).internalError(1);
				case 35 -> this.emulator.faults().requestTimeout(1).dropConnections(2);
				case 50 -> this.emulator.faults().truncateJson(2);
				default -> {
				}
			}
		});
		Path spec = spec().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T02:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.emulator.faults().pending()).isZero();
		assertThat(sorted(rows(this.dir.resolve("archive"), "app-log")))
			.isEqualTo(sorted(expected(dataset.logs(PROJECT, "app-log"))));
	}

	@Test
	void logstoresOfOneProjectShareItsRateBudget() throws IOException {
		SlsDataset dataset = SlsDataset.builder(13)
			.logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 1_500)
			.logstore(PROJECT, "audit-log", START, START.plusSeconds(3_600), 1_500)
			.build();
		this.emulator = SlsEmulator.builder()
			.credential(KEY_ID, KEY_SECRET)
			.dataset(dataset)
			.readQpsPerProject(10)
			.build()
			.start();
		Path spec = spec().rateLimit(10).concurrency(8).logstore("app-log").logstore("audit-log")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.emulator.servedCount()).isGreaterThan(20);
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.maxRequestsInAnySecond(PROJECT)).isLessThanOrEqualTo(10);
	}

	@Test
	void signsWithAnStsSecurityToken() throws IOException {
		SlsDataset dataset = SlsDataset.builder(17).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 300)
			.build();
		this.emulator = SlsEmulator.builder()
			.credential("STS.sandboxKeyId", "sts-secret", "sts-token-value")
			.dataset(dataset)
			.build()
			.start();
		Path spec = SlsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "STS.sandboxKeyId", "sts-secret", "sts-token-value")
			.logstore("app-log")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(rows(this.dir.resolve("archive"), "app-log")).hasSize(300);
	}

	@Test
	void aLogstoreSlsDoesNotKnowIsRefusedBeforeAnythingIsWrittenNamingSourceProjectAndLogstore() {
		start(SlsDataset.builder(3).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 100).build());
		Path spec = spec().logstore("app-log").logstore("no-such-store").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("unknown target sls-test/no-such-store")
			.contains("project demo-project, logstore no-such-store, range [2026-10-31T16:00:00Z")
			.contains("LogStoreNotExist")
			.doesNotContain("app-log")
			.doesNotContain("\tat ");
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();
		assertThat(this.dir.resolve("home")).as("job repository created").doesNotExist();
	}

	@Test
	void aProjectSlsDoesNotKnowIsRefusedOnceForTheSourceNotForEachLogstore() {
		start(SlsDataset.builder(3).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 100).build());
		Path spec = spec().project("demo-projcet")
			.logstore("app-log")
			.logstore("audit-log")
			.logstore("nginx-log")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("source sls-test, project demo-projcet, logstore app-log")
			.contains("ProjectNotExist")
			.contains("check the source's project")
			.doesNotContain("unknown target")
			.doesNotContain("audit-log");
		assertThat(this.emulator.requestCount()).as("one probe: the other logstores would say the same").isEqualTo(1);
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();
	}

	@Test
	void refusesCredentialsSlsRejectsBeforeWritingAnything() {
		start(SlsDataset.builder(3).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 100).build());
		Path spec = SlsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), KEY_ID, "wrong-secret")
			.logstore("app-log")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("SignatureNotMatch").contains("check the credentials")
			.doesNotContain("wrong-secret");
		assertThat(Files.exists(this.dir.resolve("archive"))).isFalse();
	}

	@Test
	void refusesAWindowWithinTheSettleDelay() {
		start(SlsDataset.builder(3).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 100).build());
		Path spec = spec().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));
		String almostNow = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

		CliRun run = export(spec, "2026-11-01T00:00", almostNow);

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("is within source sls-test's settle delay (PT15M)");
	}

	@Test
	void givesEachWindowTheSortedUnionOfItsLogsKeysAfterTimeSourceAndTopic() throws IOException {
		start(SlsDataset.builder(5).logstore(PROJECT, "app-log", START, START.plusSeconds(3_600), 2_000).build());
		Path spec = spec().logstore("app-log").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01T00:00", "2026-11-01T01:00");

		assertThat(run.exitCode()).as(run.output()).isZero();
		Path file;
		try (Stream<Path> files = Files.walk(this.dir.resolve("archive"))) {
			file = files.filter((path) -> path.toString().endsWith(".csv")).findFirst().orElseThrow();
		}
		List<String> header = ArchiveFiles.parse(file).get(0).toList();
		assertThat(header.subList(0, 3)).containsExactly("__time__", "__source__", "__topic__");
		assertThat(header.subList(3, header.size())).isSorted().doesNotHaveDuplicates().contains("level", "message");
		assertThat(onlyManifest().get("columns")).hasSize(header.size());
	}

	private void start(SlsDataset dataset) {
		this.emulator = SlsEmulator.builder().credential(KEY_ID, KEY_SECRET).dataset(dataset).build().start();
	}

	private SlsSpecBuilder spec() {
		return SlsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), KEY_ID, KEY_SECRET);
	}

	private CliRun export(Path spec, String from, String to) {
		return CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve("home").toString());
	}

	/** Every data row of a target's files, as column to value, empty values left out. */
	static List<Map<String, String>> rows(Path archive, String target) throws IOException {
		List<Map<String, String>> rows = new ArrayList<>();
		Path dir = archive.resolve("sls-test").resolve(target);
		if (!Files.exists(dir)) {
			return rows;
		}
		List<Path> files;
		try (Stream<Path> walk = Files.walk(dir)) {
			files = walk.filter((p) -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
				.sorted()
				.toList();
		}
		for (Path file : files) {
			List<CSVRecord> records = ArchiveFiles.parse(file);
			List<String> header = records.get(0).toList();
			for (CSVRecord record : records.subList(1, records.size())) {
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < header.size(); i++) {
					if (i < 3 || !record.get(i).isEmpty()) {
						row.put(header.get(i), record.get(i));
					}
				}
				rows.add(row);
			}
		}
		return rows;
	}

	static List<Map<String, String>> expected(List<SlsLog> logs) {
		List<Map<String, String>> rows = new ArrayList<>();
		for (SlsLog log : logs) {
			Map<String, String> row = new LinkedHashMap<>();
			row.put("__time__", NANOS.format(Instant.ofEpochSecond(log.time(), log.nsPart())));
			row.put("__source__", log.source());
			row.put("__topic__", log.topic());
			log.fields().forEach((key, value) -> {
				if (!value.isEmpty()) {
					row.put(key, value);
				}
			});
			rows.add(row);
		}
		return rows;
	}

	static List<String> sorted(List<Map<String, String>> rows) {
		return rows.stream().map(Map::toString).sorted(Comparator.naturalOrder()).toList();
	}

	private JsonNode onlyManifest() throws IOException {
		try (Stream<Path> walk = Files.walk(this.dir.resolve("archive"))) {
			List<Path> manifests = walk.filter((path) -> path.toString().endsWith(".manifest.json")).toList();
			assertThat(manifests).hasSize(1);
			return JsonMapper.builder().build().readTree(Files.readString(manifests.get(0)));
		}
	}

}
