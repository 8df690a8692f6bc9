package dev.logtally.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.logtally.archive.Sha256;
import dev.logtally.archive.WindowObjectWriter;
import dev.logtally.sandbox.rds.AuditFile;
import dev.logtally.sandbox.rds.RdsDataset;
import dev.logtally.sandbox.rds.RdsEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.RdsSpecBuilder;
import dev.logtally.testing.SmallFilesystem;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end RDS audit-log exports through the command line against the RDS sandbox: listings by window, the files
 * themselves downloaded once each through expiring links, checked against their listed size and hashed.
 */
class RdsExportTest {

	/** 2026-09-01T00:00 in Beijing. */
	private static final Instant START = Instant.parse("2026-08-31T16:00:00Z");

	private static final String PROJECT = "0483b6b16e954cb88930a360d2c4e663";

	private static final String INSTANCE = "cee5265e1e5845649e354841234567dfin01";

	private static final String AK = "QTWAOYTTINDUT2QVKYUC";

	private static final String SK = "sandbox-secret-key-for-rds";

	@TempDir
	Path dir;

	private RdsEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void archivesEveryListedFileOnceWithItsSizeAndSha256() throws IOException {
		RdsDataset dataset = RdsDataset.builder(42)
			.instance(PROJECT, INSTANCE, START, START.plusSeconds(75L * 86_400), 400)
			.largeFiles(PROJECT, INSTANCE, 3, 200L * 1024 * 1024)
			.build();
		start(dataset);
		Path spec = spec().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-11-15");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.out()).contains("75 windows: 75 MATCHED");
		Map<String, Path> archived = archivedFiles();
		List<AuditFile> files = dataset.files(PROJECT, INSTANCE);
		assertThat(archived.keySet()).containsExactlyInAnyOrderElementsOf(files.stream().map(AuditFile::id).toList());
		for (AuditFile file : files) {
			assertThat(Sha256.of(archived.get(file.id()))).as(file.id()).isEqualTo(dataset.sha256(file.id()));
		}
		assertThat(this.emulator.downloadCount()).isEqualTo(files.size());
		List<Map<String, String>> rows = listingRows();
		assertThat(rows.stream().filter((row) -> row.get("archived_here").equals("true")).map((row) -> row.get("id")))
			.containsExactlyInAnyOrderElementsOf(files.stream().map(AuditFile::id).toList());
		assertThat(rows.size()).as("files that straddle windows are listed by each").isGreaterThan(files.size());
		assertThat(rows).allSatisfy((row) -> {
			if (row.get("archived_here").equals("true")) {
				assertThat(row.get("size_check")).isEqualTo("OK");
				assertThat(row.get("file_sha256")).isEqualTo(dataset.sha256(row.get("id")));
			}
		});
	}

	@Test
	void asksAgainForExpiredLinksAndRetriesTruncatedDownloads() throws IOException {
		RdsDataset dataset = RdsDataset.builder(7).instance(PROJECT, INSTANCE, START, START.plusSeconds(5 * 86_400), 40)
			.build();
		start(dataset);
		this.emulator.faults().expireNextLinks(3).truncateDownloads(2);
		Path spec = spec().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-09-06");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.emulator.faults().pending()).isZero();
		Map<String, Path> archived = archivedFiles();
		assertThat(archived).hasSize(40);
		for (AuditFile file : dataset.files(PROJECT, INSTANCE)) {
			assertThat(Sha256.of(archived.get(file.id()))).isEqualTo(dataset.sha256(file.id()));
		}
	}

	@Test
	void aFileWhoseSizeDiffersFromItsListingEveryTimeItIsFetchedMakesItsWindowAMismatchNamingIt() throws IOException {
		RdsDataset dataset = RdsDataset.builder(9)
			.instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 10)
			.sizeMismatch(PROJECT, INSTANCE, 1)
			.build();
		start(dataset);
		Path spec = spec().window("30d").instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));
		AuditFile mismatched = dataset.files(PROJECT, INSTANCE).stream().filter(AuditFile::sizeMismatched).findFirst()
			.orElseThrow();

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("MISMATCH (1 file's size differs from the listing)");
		assertThat(log.text()).contains("fetching it again (attempt 3 of 3)")
			.contains("however often fetched (" + mismatched.name() + " (id " + mismatched.id() + ") is "
					+ mismatched.bytes() + " bytes");
		assertThat(listingRows()).filteredOn((row) -> row.get("size_check").equals("MISMATCH")).hasSize(1);
		assertThat(this.emulator.downloadCount()).as("the mismatched file three times, the others once").isEqualTo(12);
	}

	@Test
	void aFileServedShortOnceIsFetchedAgainThroughFreshLinksAndItsWindowMatches() throws IOException {
		RdsDataset dataset = RdsDataset.builder(9).instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 10)
			.build();
		start(dataset);
		this.emulator.faults().shortDownloads(1);
		Path spec = spec().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(log.text()).contains("where the listing says")
			.contains("fetching it again (attempt 2 of 3)");
		assertThat(this.emulator.faults().pending()).isZero();
		Map<String, Path> archived = archivedFiles();
		assertThat(archived).hasSize(10);
		for (AuditFile file : dataset.files(PROJECT, INSTANCE)) {
			assertThat(Sha256.of(archived.get(file.id()))).isEqualTo(dataset.sha256(file.id()));
		}
		assertThat(listingRows()).allSatisfy((row) -> assertThat(row.get("size_check")).isEqualTo("OK"));
	}

	@Test
	void aDownloadThatFillsTheDiskIsNotRetriedAsANetworkFaultAndTheSameCommandFinishesOnceSpaceIsFree()
			throws IOException {
		RdsDataset dataset = RdsDataset.builder(11)
			.instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 2)
			.largeFiles(PROJECT, INSTANCE, 1, 6L * 1024 * 1024)
			.build();
		start(dataset);
		AtomicInteger downloads = new AtomicInteger();
		this.emulator.onDownload((id) -> downloads.incrementAndGet());
		try (SmallFilesystem disk = SmallFilesystem.mount(this.dir, 16L * 1024 * 1024)) {
			Path archive = disk.root().resolve("archive");
			Path spec = spec().destination(archive).instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));
			disk.fill(2L * 1024 * 1024);

			OperatorLog log = new OperatorLog();
			CliRun full = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

			assertThat(full.exitCode()).as(full.output()).isEqualTo(1);
			assertThat(full.err()).containsPattern("\\.files/[^ ]*: no space left on device; free space and run again")
				.endsWith("free space and run again" + System.lineSeparator());
			assertThat(log.text()).doesNotContain("download cut off").doesNotContain("gave up after");
			assertThat(downloads.get()).as("the file that did not fit is asked for once, not retried")
				.isLessThanOrEqualTo(3);

			disk.free();
			CliRun again = export(spec, "2026-09-01", "2026-09-02");

			assertThat(again.exitCode()).as(again.output()).isZero();
			Map<String, Path> archived = archivedFiles(archive);
			for (AuditFile file : dataset.files(PROJECT, INSTANCE)) {
				assertThat(Sha256.of(archived.get(file.id()))).as(file.id()).isEqualTo(dataset.sha256(file.id()));
			}
		}
	}

	@Test
	void aFileServedShortEveryTimeMakesItsWindowAMismatchNamingIt() throws IOException {
		RdsDataset dataset = RdsDataset.builder(9).instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 1)
			.build();
		start(dataset);
		this.emulator.faults().shortDownloads(3);
		Path spec = spec().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));
		AuditFile file = dataset.files(PROJECT, INSTANCE).get(0);

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("MISMATCH (1 file's size differs from the listing)");
		assertThat(log.text()).contains("however often fetched (" + file.name() + " (id " + file.id() + ")");
		assertThat(listingRows()).singleElement()
			.satisfies((row) -> assertThat(row.get("size_check")).isEqualTo("MISMATCH"));
	}

	@Test
	void aListingThatGrowsWhileItIsPagedIsReadAgainAndHoldsEveryFileOnce() throws IOException {
		// 120 files in one day, listed 50 a page; those of its first two hours are listed only from the second page
		// on: offsets shift under the reader, which reads the listing again.
		RdsDataset dataset = RdsDataset.builder(12)
			.instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 120)
			.late(PROJECT, INSTANCE, START, START.plusSeconds(7_200), 2)
			.build();
		start(dataset);
		Path spec = spec().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(log.text()).contains("total_record moved from")
			.contains("reading it again from its start");
		List<String> listed = dataset.files(PROJECT, INSTANCE).stream().map(AuditFile::id).toList();
		assertThat(listingRows()).extracting((row) -> row.get("id")).containsExactlyElementsOf(listed);
		assertThat(archivedFiles().keySet()).containsExactlyInAnyOrderElementsOf(listed);
		assertThat(run.out()).contains("1 window: 1 MATCHED");
	}

	@Test
	void aListingThatKeepsMovingOnItsLastAllowedReadIsAMismatch() throws IOException {
		RdsDataset.Builder builder = RdsDataset.builder(12).instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400),
				200);
		// The files of one more hour of the afternoon become listed after every answer from the second on, for longer
		// than the run lasts.
		for (int hour = 12; hour < 24; hour++) {
			builder.late(PROJECT, INSTANCE, START.plusSeconds(hour * 3_600L), START.plusSeconds(hour * 3_600L + 3_600),
					hour - 10);
		}
		RdsDataset dataset = builder.build();
		start(dataset);
		Path spec = spec().listingOnly().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-09-01", "2026-09-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(log.text()).contains("(attempt 3 of 3)");
		assertThat(run.out()).contains("MISMATCH");
	}

	@Test
	void archivesOnlyTheListingWhenDownloadsAreOff() throws IOException {
		start(RdsDataset.builder(3).instance(PROJECT, INSTANCE, START, START.plusSeconds(2 * 86_400), 12).build());
		Path spec = spec().listingOnly().instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-09-03");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(archivedFiles()).isEmpty();
		assertThat(this.emulator.downloadCount()).isZero();
		assertThat(listingRows()).isNotEmpty().allSatisfy((row) -> assertThat(row.get("file")).isEmpty());
	}

	@Test
	void anInstanceRdsDoesNotKnowIsRefusedBeforeAnythingIsWrittenNamingSourceProjectAndInstance() {
		start(RdsDataset.builder(3).instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 5).build());
		Path spec = spec().instance(INSTANCE).instance("deadbeef00000000000000000000000in01")
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-09-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("unknown target rds-test/deadbeef00000000000000000000000in01")
			.contains("project " + PROJECT + ", instance deadbeef00000000000000000000000in01")
			.contains("HTTP 404 DBS.200045")
			.doesNotContain("\tat ");
		assertThat(this.dir.resolve("archive")).as("archive written").doesNotExist();
		assertThat(this.dir.resolve("home")).as("job repository created").doesNotExist();
		assertThat(this.emulator.downloadCount()).isZero();
	}

	@Test
	void refusesASecretKeyTheGatewayRejectsBeforeWritingAnything() {
		start(RdsDataset.builder(3).instance(PROJECT, INSTANCE, START, START.plusSeconds(86_400), 5).build());
		Path spec = RdsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), AK, "not-the-secret")
			.instance(INSTANCE)
			.writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-09-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.err()).contains("APIGW.0301").doesNotContain("not-the-secret");
		assertThat(Files.exists(this.dir.resolve("archive"))).isFalse();
	}

	@Test
	void staysWithinSixtyRequestsAMinute() throws IOException {
		RdsDataset dataset = RdsDataset.builder(5).instance(PROJECT, INSTANCE, START, START.plusSeconds(3 * 86_400), 9)
			.build();
		this.emulator = RdsEmulator.builder().credential(AK, SK).dataset(dataset).rateLimitPerMinute(60).build().start();
		Path spec = spec().rateLimit(1).instance(INSTANCE).writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-09-01", "2026-09-04");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(archivedFiles()).hasSize(9);
	}

	private void start(RdsDataset dataset) {
		this.emulator = RdsEmulator.builder().credential(AK, SK).dataset(dataset).rateLimitPerMinute(0).build().start();
	}

	private RdsSpecBuilder spec() {
		return RdsSpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), AK, SK);
	}

	private CliRun export(Path spec, String from, String to) {
		return CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home",
				this.dir.resolve("home").toString());
	}

	/** Every archived audit-log file, by file name (the id). */
	private Map<String, Path> archivedFiles() throws IOException {
		return archivedFiles(this.dir.resolve("archive"));
	}

	private static Map<String, Path> archivedFiles(Path archive) throws IOException {
		Map<String, Path> files = new HashMap<>();
		if (!Files.exists(archive)) {
			return files;
		}
		try (Stream<Path> walk = Files.walk(archive)) {
			walk.filter(Files::isRegularFile)
				.filter((path) -> path.getParent().getFileName().toString().endsWith(".files"))
				.forEach((path) -> assertThat(files.put(path.getFileName().toString(), path)).as("archived once")
					.isNull());
		}
		return files;
	}

	private List<Map<String, String>> listingRows() throws IOException {
		List<Map<String, String>> rows = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(this.dir.resolve("archive"))) {
			for (Path file : walk.filter((path) -> path.toString().endsWith(".csv")).sorted().toList()) {
				List<CSVRecord> records = ArchiveFiles.parse(file);
				List<String> header = records.get(0).toList();
				for (CSVRecord record : records.subList(1, records.size())) {
					Map<String, String> row = new LinkedHashMap<>();
					for (int i = 0; i < header.size(); i++) {
						row.put(header.get(i), record.get(i));
					}
					rows.add(row);
				}
			}
		}
		return rows;
	}

}
