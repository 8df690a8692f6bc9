package dev.logtally.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.CliRun;
import dev.logtally.testing.MutableClock;
import dev.logtally.testing.PostgresRepository;
import dev.logtally.testing.SpecBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logtally prune}: finished runs older than the age leave the job repository, on H2 and on PostgreSQL; what
 * restart, nightly and {@code status} need stays. The runs' end times are the job repository's own (the real clock),
 * so the prune's clock is set relative to a moment taken between runs.
 */
class PruneCommandTest {

	/** Midnight of 1 November in Beijing. */
	private static final Instant NOV_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final long DAY = 86_400;

	private static final Duration AGE = Duration.ofDays(90);

	private static EmbeddedPostgres postgres;

	private static int databases;

	@TempDir
	Path dir;

	private ScfEmulator emulator;

	private final MutableClock clock = new MutableClock(beijing("2026-11-02T03:00"));

	private List<String> repository = List.of();

	enum Repository {

		H2, POSTGRESQL

	}

	@BeforeAll
	static void startPostgres() throws Exception {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws Exception {
		postgres.close();
	}

	@AfterEach
	void stop() {
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Repository.class)
	void pruneDeletesExactlyTheFinishedRunsThatEndedBeforeTheAgeWithTheirStepExecutions(Repository kind)
			throws Exception {
		use(kind);
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(8 * DAY), 40).build());
		Path spec = spec().function("fn-a").writeTo(this.dir.resolve("job.yaml"));
		assertThat(export(spec, "2026-11-01", "2026-11-03").exitCode()).isZero();
		assertThat(export(spec, "2026-11-01", "2026-11-03").exitCode()).as("attempt 2 of the same range").isZero();
		Instant between = Instant.now();
		assertThat(export(spec, "2026-11-03", "2026-11-05").exitCode()).isZero();
		long[] before = counts();

		CliRun dryRun = prune(spec, between.plus(AGE), "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
		assertThat(dryRun.out()).containsPattern("would prune run \\d+ \\[2026-11-01T00:00:00\\+08:00, "
				+ "2026-11-03T00:00:00\\+08:00\\) COMPLETED, ended .*, 2 attempts")
			.contains("Would prune 1 run (")
			.doesNotContain("2026-11-05");
		assertThat(counts()).as("a dry run deletes nothing").containsExactly(before);

		CliRun pruned = prune(spec, between.plus(AGE));
		assertThat(pruned.exitCode()).as(pruned.output()).isZero();
		assertThat(pruned.out()).containsPattern("pruned run \\d+ \\[2026-11-01T00:00:00\\+08:00, ")
			.contains("Pruned 1 run (")
			.contains("kept 1.");
		long[] after = counts();
		// Instances, executions, step executions: the range's two attempts go, the later range stays whole.
		assertThat(after[0]).isEqualTo(1);
		assertThat(after[1]).isEqualTo(1);
		assertThat(after[2]).isPositive().isLessThan(before[2]);
		assertThat(after[3]).as("no step execution context is left without its step").isEqualTo(after[2]);
		assertThat(pruned.out()).contains("Pruned 1 run (" + (before[2] - after[2]) + " step executions)");

		CliRun again = prune(spec, between.plus(AGE));
		assertThat(again.out()).contains("Pruned 0 runs (0 step executions)");
		CliRun reexport = export(spec, "2026-11-01", "2026-11-03");
		assertThat(reexport.exitCode()).as("a pruned range exports again: " + reexport.output()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Repository.class)
	void aFailedNightlyRunOlderThanTheAgeIsKeptAndTheNextNightResumesItFromTheSameHighWaterMark(Repository kind)
			throws Exception {
		use(kind);
		start(ScfDataset.builder(4)
			.function("default", "fn-a", NOV_1, NOV_1.plusSeconds(8 * DAY), 80)
			.function("default", "fn-b", NOV_1, NOV_1.plusSeconds(8 * DAY), 20)
			.build());
		Path spec = spec().nightly("{start: 2026-11-01, settleDelay: 2h}")
			.function("fn-a")
			.function("fn-b")
			.writeTo(this.dir.resolve("job.yaml"));
		CliRun first = nightly(spec);
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.out()).contains("High-water mark: " + NOV_1.plusSeconds(DAY) + ".");
		// It answers the check before the night, then it is gone: the night fails, its range stays pending.
		this.emulator.faults().deleteFunction("fn-b", 1);
		this.clock.set(beijing("2026-11-04T03:00"));
		CliRun failed = nightly(spec);
		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
		CliRun statusBefore = status(spec);

		CliRun pruned = prune(spec, Instant.now().plus(AGE).plus(Duration.ofDays(1)));

		assertThat(pruned.exitCode()).as(pruned.output()).isZero();
		assertThat(pruned.out())
			.containsPattern("pruned run \\d+ \\[2026-11-01T00:00:00\\+08:00, 2026-11-02T00:00:00\\+08:00\\) COMPLETED")
			.containsPattern("kept run \\d+ \\[2026-11-02T00:00:00\\+08:00, 2026-11-04T00:00:00\\+08:00\\) FAILED, "
					+ "ended .*: it is FAILED; the same command \\(or the next nightly run\\) resumes it")
			.contains("Pruned 1 run");
		assertThat(status(spec).out()).as("status reads the reports, which pruning leaves")
			.isEqualTo(statusBefore.out());

		this.emulator.faults().reset();
		CliRun next = nightly(spec);
		assertThat(next.exitCode()).as(next.output()).isZero();
		assertThat(next.out()).contains("resumed: an earlier nightly run did not finish it")
			.contains("High-water mark: " + NOV_1.plusSeconds(3 * DAY) + ".");
		assertThat(this.dir.resolve("archive/scf-test/fn-a/dt=2026-11-01/"
				+ "20261031T160000Z_20261101T160000Z.versions")).as("the pruned night is not exported again")
			.doesNotExist();
	}

	@Test
	void anAgeThatIsNoAgeIsAnInputErrorAndAJobWithoutRunsHasNothingToPrune() throws Exception {
		use(Repository.H2);
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(2 * DAY), 10).build());
		Path spec = spec().function("fn-a").writeTo(this.dir.resolve("job.yaml"));

		CliRun invalid = prune(spec, Instant.now(), "--older-than", "ninety days");

		assertThat(invalid.exitCode()).isEqualTo(2);
		assertThat(invalid.err()).isEqualTo("logtally: --older-than ninety days: not an age (such as 90d, 36h or "
				+ "P90D)" + System.lineSeparator());
		CliRun empty = prune(spec, Instant.now());
		assertThat(empty.exitCode()).as(empty.output()).isZero();
		assertThat(empty.out()).contains("Pruned 0 runs (0 step executions) of job prune");
	}

	@ParameterizedTest
	@EnumSource(Repository.class)
	void aRunOfTheSameSpecInProgressMakesPruneExitBusyAndDeleteNothing(Repository kind) throws Exception {
		use(kind);
		start(ScfDataset.builder(3).function("default", "fn-a", NOV_1, NOV_1.plusSeconds(4 * DAY), 40).build());
		Path spec = spec().function("fn-a").writeTo(this.dir.resolve("job.yaml"));
		assertThat(export(spec, "2026-11-01", "2026-11-02").exitCode()).isZero();
		// The next export's preflight is answered; its first request in the job is held until the prune has ended.
		this.emulator.faults().holdAfter(1);
		java.util.concurrent.CompletableFuture<CliRun> running = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> export(spec, "2026-11-02", "2026-11-04"));
		try {
			this.emulator.faults().awaitHeld(1, Duration.ofSeconds(60));

			CliRun busy = prune(spec, Instant.now().plus(AGE).plus(Duration.ofDays(1)));

			assertThat(busy.exitCode()).as(busy.output()).isEqualTo(4);
			assertThat(busy.err()).contains("prune").contains("in progress");
			assertThat(busy.out()).doesNotContain("Pruned");
		}
		finally {
			this.emulator.faults().release();
		}
		assertThat(running.get(120, java.util.concurrent.TimeUnit.SECONDS).exitCode()).isZero();
		assertThat(prune(spec, Instant.now().plus(AGE).plus(Duration.ofDays(1))).out()).contains("Pruned 2 runs");
	}

	private void use(Repository kind) throws Exception {
		this.repository = kind == Repository.H2 ? List.of()
				: PostgresRepository.create(postgres, this.dir, "prune" + (++databases));
	}

	/** Job instances, job executions, step executions, step execution contexts. */
	private long[] counts() throws Exception {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			List<Long> counts = new ArrayList<>();
			for (String table : List.of("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION",
					"BATCH_STEP_EXECUTION_CONTEXT")) {
				try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
					rows.next();
					counts.add(rows.getLong(1));
				}
			}
			return counts.stream().mapToLong(Long::longValue).toArray();
		}
	}

	private Connection connect() throws Exception {
		if (this.repository.isEmpty()) {
			return DriverManager.getConnection(
					"jdbc:h2:file:" + this.dir.resolve("home/jobs/prune/repository") + ";IFEXISTS=TRUE", "sa", "");
		}
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/prune" + databases,
				"postgres", "postgres");
	}

	private void start(ScfDataset dataset) {
		this.emulator = ScfEmulator.builder()
			.credential("AKIDprune", "prune-key")
			.dataset(dataset)
			.clock(this.clock)
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private SpecBuilder spec() {
		return SpecBuilder.forEndpoint(this.emulator.endpoint())
			.name("prune")
			.concurrency(1)
			.destination(this.dir.resolve("archive"))
			.credentialFiles(this.dir.resolve("credentials"), "AKIDprune", "prune-key");
	}

	private CliRun export(Path spec, String from, String to) {
		this.clock.set(beijing("2026-11-08T03:00"));
		return CliRun.at(this.clock, args("export", spec, "--from", from, "--to", to));
	}

	private CliRun nightly(Path spec) {
		return CliRun.at(this.clock, args("nightly", spec));
	}

	private CliRun status(Path spec) {
		return CliRun.at(this.clock, args("status", spec));
	}

	private CliRun prune(Path spec, Instant at, String... options) {
		List<String> arguments = new ArrayList<>(List.of(args("prune", spec)));
		if (!List.of(options).contains("--older-than")) {
			arguments.addAll(List.of("--older-than", "90d"));
		}
		arguments.addAll(List.of(options));
		return CliRun.at(Clock.fixed(at, ZoneOffset.UTC), arguments.toArray(String[]::new));
	}

	private String[] args(String command, Path spec, String... more) {
		List<String> arguments = new ArrayList<>(List.of(command, "--job", spec.toString(), "--home",
				this.dir.resolve("home").toString()));
		arguments.addAll(this.repository);
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	private static Instant beijing(String localDateTime) {
		return java.time.LocalDateTime.parse(localDateTime).atOffset(ZoneOffset.ofHours(8)).toInstant();
	}

}
