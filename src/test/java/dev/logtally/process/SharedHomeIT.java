package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PostgresRepository;
import dev.logtally.testing.SpecBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several logtally processes share one home, as several cron entries with the default home do: each job has its own
 * job repository, so different jobs overlap in any order and each finishes on its own; a second process of the same
 * job exits 4; processes started together on a fresh home or a fresh PostgreSQL database create the schema once;
 * the home and the job repository are owner-only whatever the umask; a home from before per-job repositories keeps its
 * history. Overlaps are made with responses the sandbox holds, not with timing.
 */
class SharedHomeIT {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", "AKIDshared", "SCF_KEY", "shared-key");

	/** Answers before a held job stops: its preflight and its first pages, so the job runs, its repository open. */
	private static final int ANSWERS_BEFORE_HOLD = 3;

	@TempDir
	static Path shared;

	/** Job A's and job C's functions; job B has its own emulator (with an fn-a too), so that each can be held alone. */
	private static ScfEmulator emulatorA;

	private static ScfEmulator emulatorB;

	private static EmbeddedPostgres postgres;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxes() throws IOException {
		emulatorA = ScfEmulator.builder()
			.credential("AKIDshared", "shared-key")
			.dataset(ScfDataset.builder(24)
				.function("default", "fn-a", DAY, DAY.plusSeconds(86_400), 1_500)
				.function("default", "fn-c", DAY, DAY.plusSeconds(86_400), 800)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		emulatorB = ScfEmulator.builder()
			.credential("AKIDshared", "shared-key")
			.dataset(ScfDataset.builder(42)
				.function("default", "fn-b", DAY, DAY.plusSeconds(86_400), 1_200)
				.function("default", "fn-a", DAY, DAY.plusSeconds(86_400), 10)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		postgres = EmbeddedPostgres.builder().start();
		// Each job alone, once: the archives every shared run must equal.
		for (String job : List.of("job-a", "job-b", "job-c")) {
			Path reference = shared.resolve("reference-" + job);
			LogtallyProcess alone = start(job, reference, reference.resolve("home"), List.of());
			assertThat(alone.waitFor()).as(alone.output()).isZero();
		}
	}

	@AfterAll
	static void stop() throws IOException {
		emulatorA.close();
		emulatorB.close();
		postgres.close();
	}

	@ParameterizedTest(name = "the job started first ends first: {0}")
	@ValueSource(booleans = { true, false })
	void twoJobsOverlappingWithOneHomeBothFinishWhicheverEndsFirst(boolean firstStartedEndsFirst) {
		Path home = this.dir.resolve("home");
		LogtallyProcess a = startHeld(emulatorA, "job-a", home);
		LogtallyProcess b = startHeld(emulatorB, "job-b", home);
		try {
			LogtallyProcess firstToEnd = firstStartedEndsFirst ? a : b;
			LogtallyProcess lastToEnd = firstStartedEndsFirst ? b : a;
			(firstStartedEndsFirst ? emulatorA : emulatorB).faults().release();
			assertThat(firstToEnd.waitFor()).as(firstToEnd.output()).isZero();
			// The other job was held all along: it outlived the process that ended, and still finishes.
			assertThat(lastToEnd.isAlive()).as(lastToEnd.output()).isTrue();
			(firstStartedEndsFirst ? emulatorB : emulatorA).faults().release();
			assertThat(lastToEnd.waitFor()).as(lastToEnd.output()).isZero();
		}
		finally {
			emulatorA.faults().reset();
			emulatorB.faults().reset();
		}
		assertSameArchive("job-a");
		assertSameArchive("job-b");
		assertThat(a.output() + b.output()).doesNotContain("Database is already closed").doesNotContain("Exception");
	}

	@Test
	void aSecondProcessOfTheSameJobExits4InOneLineAndTheFirstFinishes() {
		Path home = this.dir.resolve("home");
		LogtallyProcess first = startHeld(emulatorA, "job-a", home);
		LogtallyProcess second;
		try {
			// The same job spec's name, its preflight answered by the other sandbox while the first one is held.
			Path sameJob = SpecBuilder.forEndpoint(emulatorB.endpoint())
				.name("job-a")
				.destination(this.dir.resolve("archive-second"))
				.credentialVariables("SCF_ID", "SCF_KEY")
				.function("fn-a")
				.writeTo(this.dir.resolve("same-job.yaml"));
			second = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, this.dir.resolve("second.out"),
					exportArgs(sameJob, home, List.of()));
			assertThat(first.isAlive()).as(first.output()).isTrue();
			assertThat(second.waitFor()).as(second.output()).isEqualTo(4);
		}
		finally {
			emulatorA.faults().reset();
		}
		assertThat(first.waitFor()).as(first.output()).isZero();
		assertThat(second.output()).contains("logtally: another run of job spec 'job-a' is in progress (process "
				+ first.pid() + " on this host holds its job repository " + home.resolve("jobs/job-a/repository.mv.db")
				+ "); refusing to start a second one");
		assertThat(second.output().lines().filter((line) -> !line.startsWith("logtally: preflight"))).hasSize(1);
		assertSameArchive("job-a");
	}

	@RepeatedTest(2)
	void theSameJobStartedJustAsTheFirstFinishesRunsOrExits4NeverFails() {
		Path home = this.dir.resolve("home");
		LogtallyProcess first = start("job-a", this.dir, home, List.of());
		first.awaitOutput("Report:", Duration.ofSeconds(120));
		LogtallyProcess second = start("job-a", this.dir, home, List.of());
		assertThat(first.waitFor()).as(first.output()).isZero();
		int code = second.waitFor();
		assertThat(code).as(second.output()).isIn(0, 4);
		if (code == 4) {
			assertSameArchive("job-a");
		}
	}

	@RepeatedTest(2)
	void threeJobsStartedAtOnceOnAFreshHomeAllFinish() {
		threeJobsAtOnce(this.dir.resolve("home"), List.of());
	}

	@RepeatedTest(2)
	void threeJobsStartedAtOnceOnAFreshPostgresqlDatabaseCreateTheSchemaOnce(RepetitionInfo repetition)
			throws Exception {
		threeJobsAtOnce(this.dir.resolve("home"),
				PostgresRepository.create(postgres, this.dir, "fresh_" + repetition.getCurrentRepetition()));
	}

	@Test
	void theHomeAndTheJobRepositoryAreOwnerOnlyWhateverTheUmask() throws IOException {
		Path home = this.dir.resolve("home");
		LogtallyProcess run = LogtallyProcess.startUnderUmask("000", LogtallyProcess.jar(), ENVIRONMENT,
				this.dir.resolve("umask.out"), exportArgs(spec("job-a", this.dir), home, List.of()));
		assertThat(run.waitFor()).as(run.output()).isZero();

		assertThat(mode(home)).isEqualTo("rwx------");
		assertThat(mode(home.resolve("jobs"))).isEqualTo("rwx------");
		assertThat(mode(home.resolve("jobs/job-a"))).isEqualTo("rwx------");
		assertThat(mode(home.resolve("jobs/job-a/repository.mv.db"))).isEqualTo("rw-------");
	}

	@Test
	void theJobRepositorysTraceFileDoesNotGrowFromRunToRun() throws IOException {
		Path home = this.dir.resolve("home");
		for (int run = 0; run < 2; run++) {
			LogtallyProcess export = start("job-a", this.dir, home, List.of());
			assertThat(export.waitFor()).as(export.output()).isZero();
		}
		try (Stream<Path> files = Files.walk(home)) {
			assertThat(files.filter((file) -> file.toString().endsWith(".trace.db"))).isEmpty();
		}
	}

	@Test
	void aHomeWithTheRepositoryAllJobsSharedKeepsItsHistoryInEachJobsOwn() throws Exception {
		// A home as logtally left it before per-job repositories: one repository.mv.db, its schema Spring Batch's
		// initialize-schema (no Flyway history), job A's first run in it.
		Path home = this.dir.resolve("home");
		LogtallyProcess before = start("job-a", this.dir, home, List.of());
		assertThat(before.waitFor()).as(before.output()).isZero();
		Files.move(home.resolve("jobs/job-a/repository.mv.db"), home.resolve("repository.mv.db"));
		sql(home.resolve("repository"), "DROP TABLE \"flyway_schema_history\"");

		LogtallyProcess a = start("job-a", this.dir, home, List.of());
		LogtallyProcess b = start("job-b", this.dir, home, List.of());
		assertThat(a.waitFor()).as(a.output()).isZero();
		assertThat(b.waitFor()).as(b.output()).isZero();

		// Job A's second run found its first: it ran the range as the next attempt, in the same job instance.
		assertThat(count(home.resolve("jobs/job-a/repository"), "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION"))
			.isEqualTo(2);
		assertThat(count(home.resolve("jobs/job-b/repository"),
				"SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'BASELINE'")).isEqualTo(1);
		assertSameArchive("job-b");
	}

	private void threeJobsAtOnce(Path home, List<String> config) {
		List<LogtallyProcess> runs = new ArrayList<>();
		for (String job : List.of("job-a", "job-b", "job-c")) {
			runs.add(start(job, this.dir, home, config));
		}
		for (LogtallyProcess run : runs) {
			assertThat(run.waitFor()).as(run.output()).isZero();
			assertThat(run.output()).doesNotContain("duplicate key").doesNotContain("already exists");
		}
		assertSameArchive("job-a");
		assertSameArchive("job-b");
		assertSameArchive("job-c");
	}

	/** Starts {@code job} and waits until the emulator holds it part-way, its job repository open. */
	private LogtallyProcess startHeld(ScfEmulator emulator, String job, Path home) {
		emulator.faults().holdAfter(ANSWERS_BEFORE_HOLD);
		LogtallyProcess process = start(job, this.dir, home, List.of());
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (emulator.faults().held() == 0) {
			assertThat(process.isAlive()).as(process.output()).isTrue();
			assertThat(System.nanoTime()).as("waiting for %s to be held", job).isLessThan(deadline);
			Thread.onSpinWait();
		}
		return process;
	}

	private void assertSameArchive(String job) {
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive-" + job), shared.resolve("reference-" + job)
			.resolve("archive-" + job));
	}

	private static LogtallyProcess start(String job, Path dir, Path home, List<String> config) {
		return LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				dir.resolve(job + "-" + System.nanoTime() + ".out"), exportArgs(spec(job, dir), home, config));
	}

	private static Path spec(String job, Path dir) {
		ScfEmulator emulator = job.equals("job-b") ? emulatorB : emulatorA;
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name(job)
			.destination(dir.resolve("archive-" + job))
			.gzip()
			.chunkSize(100)
			.pageSize(100)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-" + job.substring(job.length() - 1))
			.writeTo(dir.resolve(job + ".yaml"));
	}

	private static List<String> exportArgs(Path spec, Path home, List<String> config) {
		List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-02", "--home", home.toString()));
		args.addAll(config);
		return args;
	}

	private static String mode(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

	private static void sql(Path database, String statement) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
				Statement sql = connection.createStatement()) {
			sql.execute(statement);
		}
	}

	private static long count(Path database, String query) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
				Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
			result.next();
			return result.getLong(1);
		}
	}

}
