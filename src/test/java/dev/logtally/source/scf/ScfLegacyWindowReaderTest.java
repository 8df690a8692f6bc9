package dev.logtally.source.scf;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.logtally.http.RateBudgets;
import dev.logtally.http.RetryPolicy;
import dev.logtally.jobspec.RereadSpec;
import dev.logtally.jobspec.RetrySpec;
import dev.logtally.jobspec.Secret;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.source.SourceConnection;
import dev.logtally.sandbox.legacy.ScfLegacyEmulator;
import dev.logtally.sandbox.scf.ScfDataset;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.Rereads;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowCounts;
import dev.logtally.testing.ReadTape;
import dev.logtally.window.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy reader against the legacy emulator: a window found and read newest first in a listing that keeps growing
 * at its head, restarts at every edge, and a count taken from the listing itself. (Nothing is written here, so
 * verdicts are left to the end-to-end tests; these compare what was read with what the source counted.)
 */
class ScfLegacyWindowReaderTest {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private static final Window WINDOW = new Window(DAY, DAY.plusSeconds(86_400));

	/** Invocations that happen while the export runs: a day after the window, on top of the listing. */
	private static final Instant NOW = DAY.plusSeconds(2 * 86_400 + 3_600);

	private static final int PAGE = 100;

	private ScfLegacyEmulator emulator;

	private ScfLegacyApiClient client;

	private int cap;

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void findsTheWindowBelowNewerLogsAndReadsItNewestFirstCountedByTheListing() {
		start(dataset().build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(keys(all.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(all.counts()).isEqualTo(new WindowCounts(1_234, 1_234, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
	}

	@Test
	void logsThatArriveOnTopDuringTheReadAreNeitherRepeatedNorMissed() {
		start(dataset().late("default", "fn", NOW, 37, 5).late("default", "fn", NOW.plusSeconds(1), 150, 9).build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(keys(all.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(all.counts()).isEqualTo(new WindowCounts(1_234, 1_234, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
	}

	@Test
	void resumesInTheMiddleOfAPage() {
		start(dataset().build(), 0);

		assertResumesExactlyAfter(250);
	}

	@Test
	void resumesOnAPageBoundary() {
		start(dataset().build(), 0);

		assertResumesExactlyAfter(300);
	}

	@Test
	void resumesAfterTheLastRecordWithoutHandingOnAnyAgain() {
		start(dataset().build(), 0);

		ReadResult resumed = assertResumesExactlyAfter(1_234);

		assertThat(resumed.records()).hasSize(1_234);
		assertThat(resumed.rereads()).isZero();
	}

	@Test
	void resumesWhereItStoppedAfterLogsArrivedOnTopWhileItWasDown() {
		start(dataset().late("default", "fn", NOW, 250, 30).build(), 0);
		ExecutionContext committed = new ExecutionContext();
		ReadTape tape = new ReadTape();
		readAll(committed, 450, tape);
		assertThat(this.emulator.servedCount()).isLessThan(30);
		while (this.emulator.servedCount() < 30) {
			this.client.getFunctionLogs(target(), 0, 1);
		}

		ReadResult second = readAll(committed, Integer.MAX_VALUE, tape);

		assertThat(keys(second.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(second.counts()).isEqualTo(new WindowCounts(1_234, 1_234, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
	}

	@Test
	void aLogThatArrivesInsideThePartAlreadyReadIsFoundByTheCountAndTheWindowIsReadAgain() {
		start(dataset().late("default", "fn", WINDOW.end().minusSeconds(60), 3, 16).build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.rereads()).isEqualTo(1);
		assertThat(keys(all.records())).hasSize(1_237).isEqualTo(newestFirst(windowLogs()));
		assertThat(all.counts()).isEqualTo(new WindowCounts(1_237, 1_237, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
	}

	@Test
	void aWindowStillGainingLogsInsideAfterTheLastAllowedReadIsAMismatch() {
		ScfDataset.Builder dataset = dataset();
		// One more log inside the window, above where the read is, after every 12 answers: each read misses one.
		for (int served = 16; served <= 16 + 12 * 6; served += 12) {
			dataset.late("default", "fn", WINDOW.end().minusSeconds(served), 1, served);
		}
		start(dataset.build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.rereads()).isEqualTo(RereadSpec.DEFAULT.maxAttempts() - 1);
		assertThat(all.counts().read()).isNotEqualTo(all.counts().expected());
		assertThat(all.counts().verdict()).isEqualTo(Verdict.MISMATCH);
		assertThat(keys(all.records())).doesNotHaveDuplicates();
	}

	@Test
	void aRestartDuringAReadAgainFinishesItExactly() {
		start(dataset().late("default", "fn", WINDOW.end().minusSeconds(60), 3, 16).build(), 0);
		ExecutionContext committed = new ExecutionContext();
		ReadTape tape = new ReadTape();
		ReadResult first = readAll(committed, 1_234 + 100, tape);
		assertThat(first.rereads()).as("the restart is inside the second read").isEqualTo(1);

		ReadResult second = readAll(committed, Integer.MAX_VALUE, tape);

		assertThat(keys(second.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(second.counts()).isEqualTo(new WindowCounts(1_237, 1_237, 0, 0, 0, 0, 0, WindowCounts.FileCounts.NONE));
	}

	@Test
	void aListingThatGrowsBetweenEveryTwoRequestsIsCountedAsDriftingNotTrusted() {
		ScfDataset.Builder dataset = dataset();
		for (int served = 1; served <= 400; served++) {
			dataset.late("default", "fn", NOW.plusSeconds(served), 1, served);
		}
		start(dataset.build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(keys(all.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(all.counts().drift()).isPositive();
	}

	@Test
	void logsTheSourceDeliversTwiceAreHandedOnForTheDuplicateFilterToCount() {
		start(dataset().duplicate("default", "fn", 40).build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.counts().read()).isEqualTo(all.records().size());
		assertThat(all.records().stream().map(ExportRecord::naturalKey).distinct()).hasSize(1_234);
		assertThat(all.counts().expected()).isEqualTo(all.records().size());
		assertThat(all.records().size()).isGreaterThan(1_234);
	}

	@Test
	void anOffsetCapInsideTheWindowTruncatesItWithTheNumberOutOfReach() {
		start(dataset().build(), 1_000);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		// 300 newer logs sit above the window: 700 of its logs are within the cap.
		assertThat(keys(all.records())).isEqualTo(newestFirst(windowLogs()).subList(0, 700));
		assertThat(all.counts().verdict()).isEqualTo(Verdict.TRUNCATED);
		assertThat(all.counts().missed()).isEqualTo(1_234 + 300 + 400 - 1_000);
	}

	@Test
	void aWindowEntirelyBeyondTheCapIsTruncatedNotEmpty() {
		start(dataset().build(), 200);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.records()).isEmpty();
		assertThat(all.counts().verdict()).isEqualTo(Verdict.TRUNCATED);
		assertThat(all.counts().missed()).isEqualTo(1_234 + 300 + 400 - 200);
	}

	@Test
	void anEmptyFunctionIsAnEmptyMatchedWindow() {
		start(ScfDataset.builder(3).function("default", "other", DAY, NOW, 10).function("default", "fn", NOW,
				NOW.plusSeconds(1), 1).build(), 0);

		ReadResult all = readAll(new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(all.records()).isEmpty();
		assertThat(all.counts()).isEqualTo(WindowCounts.NONE);
	}

	/** 400 logs the day before the window, 1,234 in it, 300 the day after. */
	private static ScfDataset.Builder dataset() {
		return ScfDataset.builder(21)
			.hostile(false)
			.function("default", "fn", DAY.minusSeconds(86_400), DAY, 400)
			.function("default", "fn", DAY, DAY.plusSeconds(86_400), 1_234)
			.function("default", "fn", DAY.plusSeconds(86_400), DAY.plusSeconds(2 * 86_400), 300);
	}

	private void start(ScfDataset dataset, int cap) {
		this.cap = cap;
		ScfLegacyEmulator.Builder builder = ScfLegacyEmulator.builder()
			.credential("AKIDlegacy", "legacy-key")
			.dataset(dataset)
			.rateLimitPerSecond(0);
		if (cap > 0) {
			builder.offsetCap(cap);
		}
		this.emulator = builder.build().start();
		SourceSpec source = new SourceSpec("scf", new ScfLegacyKind(), this.emulator.endpoint(),
				ZoneId.of("+08:00"), Map.of(), Duration.ofDays(1), 1000, PAGE, Duration.ofSeconds(10),
				RetrySpec.DEFAULT, RereadSpec.DEFAULT, new ScfLegacyOptions("ap-guangzhou", "HmacSHA256", "GET",
						ScfLegacyEmulator.DEFAULT_SIGNING_HOST, cap),
				List.of());
		this.client = new ScfLegacyApiClient(source, new ScfCredentials("AKIDlegacy", Secret.of("legacy-key"), null),
				new SourceConnection(HttpClient.newHttpClient(), new RateBudgets(Map.of("a", 1000.0)).forAccount("a"),
						new RetryPolicy("test", RetrySpec.DEFAULT, Duration.ZERO), Clock.systemUTC()));
	}

	/** The keys of the window's logs the source holds, oldest first. */
	private List<String> windowLogs() {
		return this.emulator.dataset()
			.logs("default", "fn")
			.stream()
			.filter((log) -> WINDOW.contains(log.startTime()))
			.map((log) -> log.requestId() + "#" + log.retryNum())
			.toList();
	}

	private static List<String> newestFirst(List<String> oldestFirst) {
		List<String> reversed = new ArrayList<>(oldestFirst);
		Collections.reverse(reversed);
		return reversed;
	}

	private static List<String> keys(List<ExportRecord> records) {
		return records.stream().map(ExportRecord::naturalKey).toList();
	}

	private ReadResult assertResumesExactlyAfter(int records) {
		ExecutionContext committed = new ExecutionContext();
		ReadTape tape = new ReadTape();
		readAll(committed, records, tape);
		ReadResult second = readAll(committed, Integer.MAX_VALUE, tape);

		assertThat(keys(second.records())).isEqualTo(newestFirst(windowLogs()));
		assertThat(second.counts()).isEqualTo(new WindowCounts(1_234, 1_234, 0, 0, 0, 0, 0,
				WindowCounts.FileCounts.NONE));
		return second;
	}

	private static ScfTarget target() {
		return new ScfTarget("fn", "fn", "default", null, null);
	}

	private ReadResult readAll(ExecutionContext context, int limit) {
		return readAll(context, limit, new ReadTape());
	}

	/**
	 * Opens a reader on {@code context}, reads up to {@code limit} records onto the tape, saves its state and closes it.
	 * @return what stands on the tape, and the counts
	 */
	private ReadResult readAll(ExecutionContext context, int limit, ReadTape tape) {
		ScfLegacyWindowReader reader = new ScfLegacyWindowReader(this.client, target(), WINDOW, PAGE, this.cap,
				new FunctionLogColumns(ZoneId.of("+08:00")), new Rereads(RereadSpec.DEFAULT, (wait) -> {
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

	/** @param rereads how many times the tape saw the window read again, this read and those before on the tape */
	private record ReadResult(List<ExportRecord> records, WindowCounts counts, int rereads) {
	}

}
