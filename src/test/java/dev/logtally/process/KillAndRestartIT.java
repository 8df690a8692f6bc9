package dev.logtally.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.testing.ArchiveFiles;
import dev.logtally.testing.KillSwitch;
import dev.logtally.testing.LogtallyProcess;
import dev.logtally.testing.PostgresRepository;
import dev.logtally.testing.SpecBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar, killed with SIGKILL at several points of an export (mid-run; right after a restart, before the restarted
 * run's first chunk commit; before the job starts; right after the last answer, while the last chunks are written and
 * published), restarted each time with the same command: the finished archive is byte-identical to an uninterrupted
 * run. On the default H2 job repository and on PostgreSQL.
 */
class KillAndRestartIT {

	private static final Instant DAY_1 = Instant.parse("2026-10-31T16:00:00Z");

	private static final String SECRET_ID = "AKIDprocess";

	private static final String SECRET_KEY = "process-test-key";

	private static final Map<String, String> ENVIRONMENT = Map.of("SCF_ID", SECRET_ID, "SCF_KEY", SECRET_KEY);

	@TempDir
	static Path shared;

	private static ScfEmulator emulator;

	private static EmbeddedPostgres postgres;

	private static Path reference;

	private static int uninterruptedRequests;

	private static KillSwitch killSwitch;

	@TempDir
	Path dir;

	@BeforeAll
	static void startSandboxAndExportOnceWithoutInterruption() throws IOException {
		emulator = ScfEmulator.builder()
			.credential(SECRET_ID, SECRET_KEY)
			.dataset(ScfDataset.builder(99)
				.function("default", "fn-a", DAY_1, DAY_1.plusSeconds(3 * 86_400), 3_000)
				.function("default", "fn-b", DAY_1, DAY_1.plusSeconds(3 * 86_400), 2_000)
				.burst("default", "fn-b", DAY_1.plusSeconds(90_000), 30)
				.function("default", "big-fn", DAY_1.plusSeconds(86_400), DAY_1.plusSeconds(2 * 86_400), 12_000)
				.largeFields(2_500, 200_000)
				.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
		killSwitch = new KillSwitch(emulator::servedCount);
		emulator.onServed(killSwitch::served);
		postgres = EmbeddedPostgres.builder().start();
		reference = shared.resolve("reference");
		int before = emulator.servedCount();
		LogtallyProcess process = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
				shared.resolve("reference.out"), exportArgs(spec(reference), reference.resolve("home"), List.of()));
		assertThat(process.waitFor()).as(process.output()).isZero();
		uninterruptedRequests = emulator.servedCount() - before;
	}

	@AfterAll
	static void stop() throws IOException {
		emulator.close();
		postgres.close();
	}

	@Test
	void killedRepeatedlyOnH2ItFinishesWithTheSameBytes() throws IOException {
		killAndRestart(this.dir, List.of(), List.of(0.4, 2, 0.25, 1));
	}

	@Test
	void killedAfterTheLastAnswerOnH2ItPublishesTheSameBytes() throws IOException {
		killAndRestart(this.dir, List.of(), List.of(uninterruptedRequests));
	}

	@Test
	void killedRepeatedlyOnPostgresqlItFinishesWithTheSameBytes() throws Exception {
		killAndRestart(this.dir, PostgresRepository.create(postgres, this.dir, "repeated"), List.of(0.4, 2, 0.25, 1));
	}

	@Test
	void killedAfterTheLastAnswerOnPostgresqlItPublishesTheSameBytes() throws Exception {
		killAndRestart(this.dir, PostgresRepository.create(postgres, this.dir, "last"), List.of(uninterruptedRequests));
	}

	@Test
	void aSecondRunOfTheSameSpecIsRefusedWhileTheFirstIsAlive() throws IOException {
		Path spec = spec(this.dir);
		emulator.faults().slowResponses(Duration.ofMillis(300));
		int before = emulator.servedCount();
		LogtallyProcess first = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT, this.dir.resolve("first.out"),
				exportArgs(spec, this.dir.resolve("home"), List.of()));
		try {
			awaitServed(before + 3, first);
			LogtallyProcess second = LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
					this.dir.resolve("second.out"), exportArgs(spec, this.dir.resolve("home"), List.of()));

			assertThat(second.waitFor()).as(second.output()).isEqualTo(4);
			assertThat(second.output()).contains("another run of job spec 'process-test' is in progress")
				.contains("process " + first.pid());
		}
		finally {
			emulator.faults().reset();
		}
		assertThat(first.waitFor()).as(first.output()).isZero();
		ArchiveFiles.assertSameFiles(this.dir.resolve("archive"), reference.resolve("archive"));
	}

	/**
	 * Runs the export again and again, killing run {@code i} once it has had {@code points[i]} answers (a fraction
	 * means that share of an uninterrupted run's answers), then lets the last run finish.
	 */
	private static void killAndRestart(Path dir, List<String> config, List<Number> points) throws IOException {
		Path spec = spec(dir);
		List<Integer> answers = points.stream()
			.map((point) -> point instanceof Double share ? (int) (share * uninterruptedRequests) : point.intValue())
			.toList();
		List<String> outputs = killSwitch.killAndRestart(answers,
				(attempt) -> LogtallyProcess.start(LogtallyProcess.jar(), ENVIRONMENT,
						dir.resolve("run-" + attempt + ".out"), exportArgs(spec, dir.resolve("home"), config)));
		assertThat(String.join("\n", outputs)).contains("was left STARTED by a process that is gone");
		ArchiveFiles.assertSameFiles(dir.resolve("archive"), reference.resolve("archive"));
	}

	private static void awaitServed(int count, LogtallyProcess process) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (emulator.servedCount() < count) {
			assertThat(process.isAlive()).as(process.output()).isTrue();
			assertThat(System.nanoTime()).as("waiting for %d answers", count).isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private static Path spec(Path dir) {
		return SpecBuilder.forEndpoint(emulator.endpoint())
			.name("process-test")
			.destination(dir.resolve("archive"))
			.gzip()
			.chunkSize(300)
			.pageSize(200)
			.credentialVariables("SCF_ID", "SCF_KEY")
			.function("fn-a")
			.function("fn-b")
			.function("big-fn")
			.writeTo(dir.resolve("job.yaml"));
	}

	private static List<String> exportArgs(Path spec, Path home, List<String> config) {
		List<String> args = new ArrayList<>(List.of("export", "--job", spec.toString(), "--from", "2026-11-01", "--to",
				"2026-11-04", "--home", home.toString()));
		args.addAll(config);
		return args;
	}

}
