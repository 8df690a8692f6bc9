package dev.logtally.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.Sha256;
import dev.logtally.archive.WindowObjectWriter;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.OperatorLog;
import dev.logtally.testing.SpecBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end exports through the command line against the SCF sandbox, with the default H2 job repository.
 */
class ScfExportTest {

	/** 2026-11-01T00:00 in Beijing. */
	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final Instant DAY_2 = DAY_1.plusSeconds(86_400);

	private static final Instant DAY_4 = DAY_1.plusSeconds(3 * 86_400);

	private static final String SECRET_ID = "AKIDtest0123456789";

	private static final String SECRET_KEY = "test-secret-key-0123456789";

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	@AfterEach
	void stopEmulator() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void exportsEveryLogExactlyOnceWithByteExactFields() throws IOException {
		ScfDataset dataset = ScfDataset.builder(42)
			.function("default", "big-fn", DAY_1, DAY_2, 25_000)
			.function("default", "fn-a", DAY_1, DAY_4, 300)
			.function("default", "fn-b", DAY_1, DAY_4, 200)
			.burst("default", "fn-b", DAY_2.plusSeconds(3_600), 60)
			.largeFields(4_000, 1_048_576)
			.build();
		start(dataset);
		Path spec = spec().pageSize(500).function("big-fn").function("fn-a").function("fn-b").writeTo(
				this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-04");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		Path archive = this.dir.resolve("archive");
		for (String function : List.of("big-fn", "fn-a", "fn-b")) {
			assertThat(ArchiveFiles.rows(archive, "scf-test", function)).as(function)
				.isEqualTo(dataset.logs("default", function).stream().map(ArchiveFiles::expectedRow).toList());
		}
		assertThat(run.out()).contains("9 windows: 9 MATCHED; 25560 records written");
		assertThat(unpublishedFiles(archive)).isEmpty();
		assertManifestsDescribeTheirFiles(archive, 9);
	}

	@Test
	void aSecondThatHoldsMoreLogsThanTheCapIsTruncatedWithTheNumberMissing() throws IOException {
		Instant second = DAY_1.plusSeconds(7_200);
		ScfDataset dataset = ScfDataset.builder(7)
			.hostile(false)
			.function("default", "hot-fn", DAY_1, DAY_2, 500)
			.burst("default", "hot-fn", second, 10_050)
			.build();
		start(dataset);
		Path spec = spec().pageSize(1_000).function("hot-fn").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(run.out()).contains("TRUNCATED (50 missing)");
		JsonNode manifest = onlyManifest(this.dir.resolve("archive"));
		assertThat(manifest.get("verdict").asString()).isEqualTo("TRUNCATED");
		assertThat(manifest.get("missing").asLong()).isEqualTo(50);
		assertThat(manifest.get("counts").get("expected").asLong()).isEqualTo(10_550);
		assertThat(manifest.get("counts").get("written").asLong()).isEqualTo(10_500);
	}

	@Test
	void survivesThrottlingServerErrorsDroppedConnectionsAndTruncatedJson() throws IOException {
		ScfDataset dataset = ScfDataset.builder(11)
			.function("default", "fn-a", DAY_1, DAY_4, 3_000)
			.function("default", "fn-b", DAY_1, DAY_4, 2_000)
			.build();
		start(dataset);
		this.emulator.onServed((served) -> {
			switch (served) {
				case 3 -> this.emulator.faults().throttle(2);
				case 10 -> this.emulator.faults().failWithHttpStatus(503, 2);
				case 17 -> this.emulator.faults().dropConnections(2);
				case 24 -> this.emulator.faults().truncateJson(2);
				case 31 -> this.emulator.faults().internalError(2).failWithHttpStatus(502, 1);
				default -> {
				}
			}
		});
		Path spec = spec().function("fn-a").function("fn-b").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-04");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(this.emulator.faults().pending()).isZero();
		for (String function : List.of("fn-a", "fn-b")) {
			assertThat(ArchiveFiles.rows(this.dir.resolve("archive"), "scf-test", function))
				.isEqualTo(dataset.logs("default", function).stream().map(ArchiveFiles::expectedRow).toList());
		}
	}

	@Test
	void dropsLogsTheSourceDeliversTwiceAndCountsThem() throws IOException {
		ScfDataset dataset = ScfDataset.builder(5)
			.function("default", "fn-a", DAY_1, DAY_2, 400)
			.duplicate("default", "fn-a", 7)
			.build();
		start(dataset);
		Path spec = spec().function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(ArchiveFiles.rows(this.dir.resolve("archive"), "scf-test", "fn-a"))
			.isEqualTo(dataset.logs("default", "fn-a").stream().map(ArchiveFiles::expectedRow).toList());
		JsonNode counts = onlyManifest(this.dir.resolve("archive")).get("counts");
		assertThat(counts.get("expected").asLong()).isEqualTo(407);
		assertThat(counts.get("read").asLong()).isEqualTo(407);
		assertThat(counts.get("duplicatesDropped").asLong()).isEqualTo(7);
		assertThat(counts.get("written").asLong()).isEqualTo(400);
	}

	@Test
	void logsThatArriveInASliceWhileItIsPagedAreReadAgainAndArchivedOnceEach() throws IOException {
		// Visible from the window's third page on: offsets shift under the reader, which reads the slice again.
		ScfDataset dataset = ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", DAY_1, DAY_2, 1_000)
			.late("default", "fn-a", DAY_1.plusSeconds(600), 3, 4)
			.build();
		start(dataset);
		Path spec = spec().concurrency(1).function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01", "2026-11-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(log.text())
			.contains("moved from 1000 to 1003 while it was paged; reading it again from its start (attempt 2 of 3)");
		assertThat(ArchiveFiles.rows(this.dir.resolve("archive"), "scf-test", "fn-a"))
			.isEqualTo(dataset.logs("default", "fn-a").stream().map(ArchiveFiles::expectedRow).toList())
			.hasSize(1_003);
		JsonNode manifest = onlyManifest(this.dir.resolve("archive"));
		assertThat(manifest.at("/counts/expected").asLong()).isEqualTo(1_003);
		assertThat(manifest.at("/counts/written").asLong()).isEqualTo(1_003);
		assertThat(manifest.at("/counts/countChangeDuringRead").asLong()).isZero();
		assertThat(manifest.get("verdict").asString()).isEqualTo("MATCHED");
	}

	@Test
	void aSliceWhoseCountStillMovesOnItsLastAllowedReadIsAMismatchNeverMatched() throws IOException {
		ScfDataset.Builder dataset = ScfDataset.builder(9)
			.hostile(false)
			.function("default", "fn-a", DAY_1, DAY_2, 1_000);
		// A log arrives after every second answer, for longer than the run lasts: no read of the window holds still.
		for (int served = 4; served < 200; served += 2) {
			dataset.late("default", "fn-a", DAY_1.plusSeconds(600), 1, served);
		}
		start(dataset.build());
		Path spec = spec().concurrency(1).function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		OperatorLog log = new OperatorLog();
		CliRun run = log.during(() -> export(spec, "2026-11-01", "2026-11-02"));

		assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
		assertThat(log.text()).contains("(attempt 3 of 3)").doesNotContain("attempt 4");
		assertThat(run.out()).contains("MISMATCH (count changed by");
		JsonNode manifest = onlyManifest(this.dir.resolve("archive"));
		assertThat(manifest.get("verdict").asString()).isEqualTo("MISMATCH");
		assertThat(manifest.at("/counts/countChangeDuringRead").asLong()).isPositive();

		CliRun reconcile = CliRun.of("reconcile", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-02", "--home", this.dir.resolve("home").toString());

		assertThat(reconcile.exitCode()).as(reconcile.output()).isEqualTo(3);
		assertThat(reconcile.out()).contains("EXPORTED_NOT_MATCHED  MISMATCH").contains("1 window: 1 EXPORTED_NOT_MATCHED");
	}

	@Test
	void staysWithinTheDocumentedRateWithoutBeingThrottled() throws IOException {
		ScfDataset dataset = ScfDataset.builder(3).function("default", "fn-a", DAY_1, DAY_2, 1_500).build();
		start(dataset, 5);
		Path spec = spec().rateLimit(5).window("6h").function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(this.emulator.servedCount()).isGreaterThan(15);
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.maxRequestsInAnySecond(SECRET_ID)).isLessThanOrEqualTo(5);
	}

	@Test
	void sourcesThatShareASecretIdShareItsRateBudget() throws IOException {
		ScfDataset dataset = ScfDataset.builder(4)
			.function("default", "fn-a", DAY_1, DAY_2, 400)
			.function("default", "fn-b", DAY_1, DAY_2, 400)
			.build();
		start(dataset, 5);
		String source = """
				  - id: %s
				    type: tencent-scf
				    endpoint: %s
				    region: ap-guangzhou
				    credentials: {secretId: {file: %s}, secretKey: {file: %s}}
				    rateLimit: %s
				    window: 6h
				    targets: [{function: %s}]
				""";
		Path id = Files.writeString(this.dir.resolve("secret-id"), SECRET_ID);
		Path key = Files.writeString(this.dir.resolve("secret-key"), SECRET_KEY);
		Path spec = this.dir.resolve("job.yaml");
		Files.writeString(spec, "name: shared-budget\nconcurrency: 8\ndestination: {path: " + this.dir.resolve("archive")
				+ "}\nsources:\n" + source.formatted("scf-one", this.emulator.endpoint(), id, key, "5", "fn-a")
				+ source.formatted("scf-two", this.emulator.endpoint(), id, key, "8", "fn-b"));

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
		assertThat(this.emulator.servedCount()).isGreaterThan(15);
		assertThat(this.emulator.throttledCount()).isZero();
		assertThat(this.emulator.maxRequestsInAnySecond(SECRET_ID)).isLessThanOrEqualTo(5);
	}

	@Test
	void aFunctionDeletedDuringTheRunFailsItsWindowsNamingSourceFunctionAndWindowAndTheOthersArePublished()
			throws IOException {
		ScfDataset dataset = ScfDataset.builder(13)
			.function("default", "fn-a", DAY_1, DAY_2, 300)
			.function("default", "doomed-fn", DAY_1, DAY_2, 300)
			.build();
		start(dataset);
		// It answers the check before the run, then it is gone.
		this.emulator.faults().deleteFunction("doomed-fn", 1);
		Path spec = spec().function("fn-a").function("doomed-fn").writeTo(this.dir.resolve("job.yaml"));

		CliRun run = export(spec, "2026-11-01", "2026-11-02");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.err()).contains("FAILED scf-test/doomed-fn")
			.contains("source scf-test, function doomed-fn, window [2026-10-31T16:00:00Z, 2026-11-01T16:00:00Z)")
			.contains("ResourceNotFound.Function")
			.doesNotContain("at dev.logtally")
			.doesNotContain("Exception:");
		assertThat(run.out()).contains("1 MATCHED").contains("1 FAILED");
		// The window that did export is published even though the run failed.
		assertThat(ArchiveFiles.rows(this.dir.resolve("archive"), "scf-test", "fn-a")).hasSize(300);
	}

	@Test
	void aRunThatGaveUpOnAFaultyEndpointResumesToTheSameBytes() throws IOException {
		ScfDataset dataset = ScfDataset.builder(17)
			.function("default", "fn-a", DAY_1, DAY_4, 4_000)
			.function("default", "fn-b", DAY_1, DAY_4, 1_000)
			.build();
		start(dataset);
		Path reference = this.dir.resolve("reference");
		Path referenceSpec = spec().gzip().destination(reference.resolve("archive"))
			.function("fn-a")
			.function("fn-b")
			.writeTo(reference.resolve("job.yaml"));
		assertThat(export(referenceSpec, "2026-11-01", "2026-11-04", reference.resolve("home")).exitCode()).isZero();
		int uninterruptedRequests = this.emulator.servedCount();

		Path spec = spec().gzip().function("fn-a").function("fn-b").writeTo(this.dir.resolve("job.yaml"));
		int servedBefore = this.emulator.servedCount();
		this.emulator.onServed((served) -> {
			if (served == servedBefore + 25) {
				this.emulator.faults().failWithHttpStatus(503, 10_000);
			}
		});
		CliRun failed = export(spec, "2026-11-01", "2026-11-04");
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		assertThat(failed.err()).contains("gave up after 6 attempts").contains("HTTP 503");
		assertThat(unpublishedFiles(this.dir.resolve("archive"))).isNotEmpty();

		this.emulator.faults().reset();
		int servedBeforeResume = this.emulator.servedCount();
		CliRun resumed = export(spec, "2026-11-01", "2026-11-04");

		assertThat(resumed.exitCode()).as(resumed.output()).isEqualTo(0);
		// The resumed run asks only for what the failed run had not committed.
		assertThat(this.emulator.servedCount() - servedBeforeResume).isLessThan(uninterruptedRequests - 10);
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	private void start(ScfDataset dataset) {
		start(dataset, 0);
	}

	/** @param rateLimit the emulator's limit per SecretId and second, 0 for none */
	private void start(ScfDataset dataset, int rateLimit) {
		this.emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(dataset)
			.rateLimitPerSecond(rateLimit)
			.build()
			.start();
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), SECRET_ID, SECRET_KEY);
	}

	private CliRun export(Path spec, String from, String to) {
		return export(spec, from, to, this.dir.resolve("home"));
	}

	private static CliRun export(Path spec, String from, String to, Path home) {
		return CliRun.of("export", "--job", spec.toString(), "--from", from, "--to", to, "--home", home.toString());
	}

	private static List<Path> unpublishedFiles(Path archive) throws IOException {
		if (!Files.exists(archive)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(archive)) {
			return walk.filter((path) -> path.toString().endsWith(".part") || ArchiveLayout.isStagingFile(path.toString()))
				.toList();
		}
	}

	private static void assertManifestsDescribeTheirFiles(Path archive, int expected) throws IOException {
		List<Path> manifests;
		try (Stream<Path> walk = Files.walk(archive)) {
			manifests = walk.filter((path) -> path.toString().endsWith(".manifest.json")).toList();
		}
		assertThat(manifests).hasSize(expected);
		for (Path manifest : manifests) {
			JsonNode json = JsonMapper.builder().build().readTree(Files.readString(manifest, StandardCharsets.UTF_8));
			Path data = manifest.resolveSibling(json.get("file").asString());
			assertThat(json.get("sha256").asString()).isEqualTo(Sha256.of(data));
			assertThat(json.get("bytes").asLong()).isEqualTo(Files.size(data));
			assertThat(json.get("verdict").asString()).isEqualTo("MATCHED");
		}
	}

	private static JsonNode onlyManifest(Path archive) throws IOException {
		try (Stream<Path> walk = Files.walk(archive)) {
			List<Path> manifests = walk.filter((path) -> path.toString().endsWith(".manifest.json")).toList();
			assertThat(manifests).hasSize(1);
			return JsonMapper.builder().build().readTree(Files.readString(manifests.get(0)));
		}
	}

}
