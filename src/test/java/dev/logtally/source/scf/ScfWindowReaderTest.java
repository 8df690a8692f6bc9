package dev.logtally.source.scf;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.jobspec.RereadSpec;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.sandbox.scf.ScfEmulator;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.Rereads;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.testing.ReadTape;
import dev.logtally.window.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per restart edge case of the reader: the step's execution context is saved after some records, a new
 * reader opens with it, and together the two readers return exactly what one uninterrupted reader returns. And one per
 * way a slice moves under the reader: read again, exactly, or a MISMATCH when it never holds still.
 */
class ScfWindowReaderTest {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final Window WINDOW = new Window(DAY, DAY.plusSeconds(86_400));

	private static final Instant BURST = DAY.plusSeconds(40_000);

	private static ScfEmulator emulator;

	private static ScfApiClient client;

	@BeforeAll
	static void start() {
		emulator = emulator(ScfDataset.builder(8)
			.hostile(false)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500)
			.burst("default", "hot", BURST, 10_020));
		client = client(emulator);
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void readsAWindowAboveTheCapInSlicesAndCountsIt() {
		ReadResult all = readAll("fn", new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.records()).hasSize(12_500);
		assertThat(all.counts()).isEqualTo(new WindowCounts(12_500, 12_500, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
		assertThat(all.records().stream().map(ExportRecord::epochSecond).toList()).isSorted();
	}

	@Test
	void resumesInTheMiddleOfAPage() {
		assertResumesExactlyAfter("fn", 1_234);
	}

	@Test
	void resumesOnAPageBoundary() {
		assertResumesExactlyAfter("fn", 1_400);
	}

	@Test
	void resumesAtTheEndOfASlice() {
		ExecutionContext context = new ExecutionContext();
		readAll("fn", context, 0);
		String firstSlice = context.getString("reader.plan").split(";")[0];
		int sliceSize = Integer.parseInt(firstSlice.split(":")[2]);

		assertResumesExactlyAfter("fn", sliceSize);
	}

	@Test
	void resumesInsideASecondThatHoldsMoreThanTheCapAndStillReportsWhatTheCapHid() {
		ReadResult resumed = assertResumesExactlyAfter("hot", 9_999);

		assertThat(resumed.counts().missed()).isEqualTo(20);
		assertThat(resumed.counts().verdict().name()).isEqualTo("TRUNCATED");
	}

	@Test
	void aRestartAfterTheLastRecordReadsNothingMore() {
		ExecutionContext context = new ExecutionContext();
		ReadTape tape = new ReadTape();
		readAll("fn", context, Integer.MAX_VALUE, tape);
		int served = emulator.servedCount();

		ReadResult after = readAll("fn", context, Integer.MAX_VALUE, tape);

		assertThat(after.records()).hasSize(12_500);
		assertThat(emulator.servedCount()).isEqualTo(served);
		assertThat(after.counts().expected()).isEqualTo(12_500);
	}

	@Test
	void aSliceWhoseCountGrowsBetweenItsPagesIsReadAgainAndHoldsEveryLogOnce() {
		// 5 logs land in the first slice's first second after the reader has its first page of it: offsets shift.
		try (ScfEmulator moving = emulator(ScfDataset.builder(8)
			.hostile(false)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500)
			.late("default", "fn", DAY.plusSeconds(1), 5, PLANNING_REQUESTS + 1))) {
			ReadResult read = readAll(client(moving), "fn", new ExecutionContext(), Integer.MAX_VALUE, new ReadTape());

			assertThat(read.rereads()).isEqualTo(1);
			assertThat(keys(read.records())).isEqualTo(sourceKeys(moving, "fn")).hasSize(12_505);
			assertThat(read.counts()).isEqualTo(new WindowCounts(12_505, 12_505, 0, 0, 0, 0, 0,
					WindowCounts.FileCounts.NONE));
		}
	}

	@Test
	void aSliceStillMovingOnItsLastAllowedReadIsAMismatch() {
		ScfDataset.Builder dataset = ScfDataset.builder(8)
			.hostile(false)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500);
		// A log lands at the start of the first slice after every second answer: no read of it ever holds still.
		for (int served = PLANNING_REQUESTS + 1; served < PLANNING_REQUESTS + 200; served += 2) {
			dataset.late("default", "fn", DAY.plusSeconds(1), 1, served);
		}
		try (ScfEmulator moving = emulator(dataset)) {
			ReadResult read = readAll(client(moving), "fn", new ExecutionContext(), Integer.MAX_VALUE, new ReadTape());

			assertThat(read.rereads()).isEqualTo(RereadSpec.DEFAULT.maxAttempts() - 1);
			assertThat(read.counts().drift()).isPositive();
			assertThat(read.counts().verdict()).isEqualTo(Verdict.MISMATCH);
		}
	}

	@Test
	void aRestartInsideASliceThatMovedWhileTheReaderWasDownReadsTheSliceAgain() {
		try (ScfEmulator moving = emulator(ScfDataset.builder(8)
			.hostile(false)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500)
			// Visible from the slice's fourth page on: the first reader reads two, the restarted one finds them.
			.late("default", "fn", DAY.plusSeconds(1), 5, PLANNING_REQUESTS + 3))) {
			ScfApiClient movingClient = client(moving);
			ExecutionContext committed = new ExecutionContext();
			ReadTape tape = new ReadTape();
			readAll(movingClient, "fn", committed, 1_000, tape);

			ReadResult resumed = readAll(movingClient, "fn", committed, Integer.MAX_VALUE, tape);

			assertThat(resumed.rereads()).isEqualTo(1);
			assertThat(keys(resumed.records())).isEqualTo(sourceKeys(moving, "fn"));
			assertThat(resumed.counts()).isEqualTo(new WindowCounts(12_505, 12_505, 0, 0, 0, 0, 0,
					WindowCounts.FileCounts.NONE));
		}
	}

	@Test
	void aRestartDuringAReadAgainFinishesTheSliceExactly() {
		try (ScfEmulator moving = emulator(ScfDataset.builder(8)
			.hostile(false)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 12_500)
			// Visible from the slice's third page on.
			.late("default", "fn", DAY.plusSeconds(1), 5, PLANNING_REQUESTS + 2))) {
			ScfApiClient movingClient = client(moving);
			ExecutionContext committed = new ExecutionContext();
			ReadTape tape = new ReadTape();
			// Two pages of the slice, then its third moved it: 1,400 read, taken back, 500 of the next read.
			readAll(movingClient, "fn", committed, 1_400 + 500, tape);
			assertThat(tape.rereads()).isEqualTo(1);

			ReadResult resumed = readAll(movingClient, "fn", committed, Integer.MAX_VALUE, tape);

			assertThat(resumed.rereads()).isEqualTo(1);
			assertThat(keys(resumed.records())).isEqualTo(sourceKeys(moving, "fn"));
			assertThat(resumed.counts()).isEqualTo(new WindowCounts(12_505, 12_505, 0, 0, 0, 0, 0,
					WindowCounts.FileCounts.NONE));
		}
	}

	private static ReadResult assertResumesExactlyAfter(String function, int records) {
		ReadResult reference = readAll(function, new ExecutionContext(), Integer.MAX_VALUE, new ReadTape());
		StepExecution step = MetaDataInstanceFactory.createStepExecution();
		ExecutionContext committed = step.getExecutionContext();
		ReadTape tape = new ReadTape();
		readAll(function, committed, records, tape);
		ReadResult second = readAll(function, committed, Integer.MAX_VALUE, tape);

		assertThat(second.records()).isEqualTo(reference.records());
		assertThat(second.counts()).isEqualTo(reference.counts());
		return second;
	}

	private static ReadResult readAll(String function, ExecutionContext context, int limit) {
		return readAll(function, context, limit, new ReadTape());
	}

	private static ReadResult readAll(String function, ExecutionContext context, int limit, ReadTape tape) {
		return readAll(client, function, context, limit, tape);
	}

	/**
	 * Opens a reader on {@code context}, reads up to {@code limit} records onto the tape, saves its state and closes it.
	 * @return what stands on the tape, and the counts
	 */
	private static ReadResult readAll(ScfApiClient client, String function, ExecutionContext context, int limit,
			ReadTape tape) {
		ScfWindowReader reader = new ScfWindowReader(client, new ScfTarget(function, function, "default", null, null),
				WINDOW, 700, new FunctionLogColumns(ZoneId.of("+08:00")), new Rereads(RereadSpec.DEFAULT, (wait) -> {
				}));
		reader.open(context);
		try {
			tape.readFrom(reader, limit);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		reader.update(context);
		reader.close();
		return new ReadResult(tape.records(), WindowCounts.load(context), tape.rereads());
	}

	/** The planner asks for the window's count, then for each half's: the window of "fn" has two slices. */
	private static final int PLANNING_REQUESTS = 3;

	private static ScfEmulator emulator(ScfDataset.Builder dataset) {
		return ScfEmulator.builder()
			.credential("AKIDreader", "reader-key")
			.dataset(dataset.build())
			.rateLimitPerSecond(0)
			.build()
			.start();
	}

	private static ScfApiClient client(ScfEmulator emulator) {
		SourceSpec source = new SourceSpec("scf", new ScfKind(), emulator.endpoint(), ZoneId.of("+08:00"),
				Map.of(), Duration.ofDays(1), 1000, 700, Duration.ofSeconds(10), RetrySpec.DEFAULT, RereadSpec.DEFAULT,
				new ScfOptions("ap-guangzhou", "scf"), List.of());
		return new ScfApiClient(source, new ScfCredentials("AKIDreader", Secret.of("reader-key"), null),
				new SourceConnection(HttpClient.newHttpClient(), new RateBudgets(Map.of("a", 1000.0)).forAccount("a"),
						new RetryPolicy("test", RetrySpec.DEFAULT, Duration.ZERO), Clock.systemUTC()));
	}

	/** The keys of the function's logs the source holds, in its order. */
	private static List<String> sourceKeys(ScfEmulator emulator, String function) {
		return emulator.dataset()
			.logs("default", function)
			.stream()
			.map((log) -> log.requestId() + "#" + log.retryNum())
			.toList();
	}

	private static List<String> keys(List<ExportRecord> records) {
		return records.stream().map(ExportRecord::naturalKey).toList();
	}

	/** @param rereads how many times the tape saw a slice read again */
	private record ReadResult(List<ExportRecord> records, WindowCounts counts, int rereads) {
	}

}
