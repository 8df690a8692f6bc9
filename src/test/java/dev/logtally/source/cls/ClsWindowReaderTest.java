package dev.logtally.source.cls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.http.SourceException;
import dev.logtally.jobspec.RereadSpec;
import dev.logtally.source.DuplicateRecordFilter;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.Rereads;
import dev.logtally.source.WindowItem;
import dev.logtally.tally.WindowCounts;
import dev.logtally.testing.OperatorLog;
import dev.logtally.window.Window;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window reader over a fake topic that orders ties differently on every request: every log once, in one order
 * whatever CLS's, the same sequence after a restart at any record, leaves read again when their count moved, paged
 * and truncated milliseconds, expired Contexts, queries too large, half-open window bounds, and the SQL count that
 * cross-checks a window once it is read.
 */
class ClsWindowReaderTest {

	private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

	private static final long T0 = START.toEpochMilli();

	private static final long HOUR = 3_600_000L;

	private static final Window WINDOW = new Window(START, START.plusMillis(HOUR));

	private static final ClsTarget TOPIC = new ClsTarget("app", "t-1", "*");

	private static final Rereads NO_WAIT = new Rereads(new RereadSpec(3, Duration.ofSeconds(2)), (wait) -> {
	});

	@Test
	void readsEveryLogOnceInTimeThenContentOrder() {
		FakeClsTopic topic = busyHour(1);

		Read read = readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(25_000);
		assertThat(read.records().stream().map(ExportRecord::naturalKey).distinct()).hasSize(25_000);
		for (int i = 1; i < read.records().size(); i++) {
			assertThat(Long.parseLong(read.records().get(i).fields().get("TimeMs")))
				.isGreaterThanOrEqualTo(Long.parseLong(read.records().get(i - 1).fields().get("TimeMs")));
		}
		assertThat(read.counts()).containsExactly(25_000L, 25_000L, 0L, 0L);
	}

	@Test
	void tiesInChangingOrderGiveTheSameRecords() {
		Read first = readAll(busyHour(1), 1000, new ExecutionContext(), Integer.MAX_VALUE);
		Read second = readAll(busyHour(2), 1000, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(second.records()).isEqualTo(first.records());
	}

	@Test
	void aRestartAfterAnyRecordGivesTheSameSequence() {
		List<ExportRecord> whole = readAll(smallHour(1), 10, new ExecutionContext(), Integer.MAX_VALUE).records();

		for (int stop = 0; stop <= whole.size(); stop++) {
			ExecutionContext checkpoint = new ExecutionContext();
			Read before = readAll(smallHour(stop + 2), 10, checkpoint, stop);
			Read after = readAll(smallHour(stop + 1_000), 10, new ExecutionContext(checkpoint), Integer.MAX_VALUE);

			List<ExportRecord> joined = new ArrayList<>(before.records());
			joined.addAll(after.records());
			assertThat(joined).as("restarted after %d records", stop).isEqualTo(whole);
			assertThat(after.counts()).as("restarted after %d records", stop).containsExactly(148L, 148L, 0L, 0L);
		}
	}

	@Test
	void aWindowRestartedWhenItsFunctionsTopicHasChangedIsFinishedOnTheTopicItStartedOn() {
		List<ExportRecord> whole = readAll(smallHour(1), 10, new ExecutionContext(), Integer.MAX_VALUE).records();
		ExecutionContext checkpoint = new ExecutionContext();
		Read before = readAll(smallHour(2), 10, checkpoint, 40);
		TopicsAsked after = new TopicsAsked(smallHour(3));

		// GetFunction named another topic to the restarted run: the window's offset means something only on t-1
		Read rest = read(new ClsWindowReader(after, TOPIC.onTopic("t-2"), WINDOW, 10, NO_WAIT),
				new ExecutionContext(checkpoint), Integer.MAX_VALUE);

		assertThat(after.topics).isNotEmpty().containsOnly("t-1");
		List<ExportRecord> joined = new ArrayList<>(before.records());
		joined.addAll(rest.records());
		assertThat(joined).isEqualTo(whole);
		assertThat(checkpoint.getString(ClsWindowReader.TOPIC)).isEqualTo("t-1");
	}

	@Test
	void aCheckpointWithoutItsTopicIsFinishedOnTheTopicTheReaderIsGiven() {
		ExecutionContext checkpoint = new ExecutionContext();
		readAll(smallHour(2), 10, checkpoint, 40);
		checkpoint.remove(ClsWindowReader.TOPIC);
		TopicsAsked after = new TopicsAsked(smallHour(3));

		read(new ClsWindowReader(after, TOPIC.onTopic("t-2"), WINDOW, 10, NO_WAIT), checkpoint, Integer.MAX_VALUE);

		assertThat(after.topics).isNotEmpty().containsOnly("t-2");
	}

	/** Records the topic of every request, answering from one fake topic whatever the topic asked. */
	private static final class TopicsAsked implements ClsApi {

		private final ClsApi topic;

		private final List<String> topics = new ArrayList<>();

		private TopicsAsked(ClsApi topic) {
			this.topic = topic;
		}

		@Override
		public ClsPage searchLog(ClsSearch search) {
			this.topics.add(search.target().topic());
			return this.topic.searchLog(search);
		}

		@Override
		public ClsHistogram histogram(ClsTarget target, MsRange range, long interval) {
			this.topics.add(target.topic());
			return this.topic.histogram(target, range, interval);
		}

		@Override
		public long sqlCount(ClsTarget target, MsRange range) {
			this.topics.add(target.topic());
			return this.topic.sqlCount(target, range);
		}

		@Override
		public String context(ClsTarget target, MsRange range) {
			return this.topic.context(target, range);
		}

	}

	@Test
	void aLeafThatGainedALogAfterItWasCountedIsReadAgainAndCountedExactly() {
		FakeClsTopic topic = smallHour(1);
		boolean[] arrived = { false };
		topic.beforeSearch((search) -> {
			if (!arrived[0]) {
				arrived[0] = true;
				topic.add(FakeClsTopic.log(search.range().start(), "", "", "late"));
			}
			return null;
		});

		Read read = readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(149);
		assertThat(read.counts()).containsExactly(149L, 149L, 0L, 0L);
	}

	@Test
	void aFullLeafThatGrewPastAPageAfterItWasCountedIsSplitAndReadWhole() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 10; i++) {
			topic.add(FakeClsTopic.log(T0 + 60_000 + i * 1_000L, "", "", "m" + i));
		}
		boolean[] arrived = { false };
		topic.beforeSearch((search) -> {
			if (!arrived[0]) {
				arrived[0] = true;
				// Arrives after the histogram counted the leaf at exactly a page: the answer is full, but not all.
				topic.add(FakeClsTopic.log(T0 + 60_500, "", "", "late"));
			}
			return null;
		});

		Read read = readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(11);
		assertThat(read.records()).anyMatch((record) -> record.fields().get("msg").equals("late"));
		assertThat(read.counts()).containsExactly(11L, 11L, 0L, 0L);
	}

	@Test
	void aLeafThatKeepsMovingIsDriftAfterItsLastAllowedRead() {
		FakeClsTopic topic = new FakeClsTopic(1);
		topic.add(FakeClsTopic.log(T0 + 5_000, "p", "1", "first"));
		int[] n = { 0 };
		topic.beforeSearch((search) -> {
			topic.add(FakeClsTopic.log(T0 + 5_000, "p", "late" + n[0]++, "late"));
			return null;
		});

		Read read = readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(topic.searches).isEqualTo(3);
		assertThat(read.records()).hasSize(4);
		assertThat(read.counts().get(2)).as("drift").isEqualTo(1);
	}

	@Test
	void aPagedMillisecondIsReadWithContextPagesWhole() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 2_500; i++) {
			topic.add(FakeClsTopic.log(T0 + 777, i % 2 == 0 ? "" : "pkg", i % 2 == 0 ? "" : Integer.toString(i),
					"m" + i));
		}
		topic.add(FakeClsTopic.log(T0 + 776, "", "", "before"));

		Read read = readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(2_501);
		assertThat(read.records().stream().map(ExportRecord::naturalKey).distinct()).hasSize(2_501);
		assertThat(read.counts()).containsExactly(2_501L, 2_501L, 0L, 0L);
	}

	@Test
	void aPagedMillisecondBeyondTheContextCapIsTruncatedCountingWhatItMissed() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 10_500; i++) {
			topic.add(FakeClsTopic.log(T0 + 777, "", "", "m" + i));
		}

		Read read = readAll(topic, 300, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(10_000);
		assertThat(read.counts()).as("expected, read, drift, missed").containsExactly(10_500L, 10_000L, 0L, 500L);
	}

	@Test
	void anExpiredContextRestartsItsLeafNotTheWindow() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 2_500; i++) {
			topic.add(FakeClsTopic.log(T0 + 777, "", "", "m" + i));
		}
		for (int i = 0; i < 50; i++) {
			topic.add(FakeClsTopic.log(T0 + 100_000 + i, "", "", "other" + i));
		}
		int[] refused = { 0 };
		List<MsRange> searched = new ArrayList<>();
		topic.beforeSearch((search) -> {
			searched.add(search.range());
			if (search.context() != null && search.context().endsWith("-2000") && refused[0]++ == 0) {
				return new ClsQueryException(ClsQueryException.Refusal.INVALID_CONTEXT,
						"source cls, topic t-1: FailedOperation.InvalidContext: expired");
			}
			return null;
		});

		Read read = readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(2_550);
		assertThat(read.records().stream().map(ExportRecord::naturalKey).distinct()).hasSize(2_550);
		assertThat(read.counts()).containsExactly(2_550L, 2_550L, 0L, 0L);
		assertThat(searched).filteredOn((range) -> range.length() > 1).hasSize(1);
	}

	@Test
	void aContextRefusedAgainAndAgainFailsTheWindowNamingTheLeaf() {
		FakeClsTopic topic = new FakeClsTopic(1);
		for (int i = 0; i < 2_500; i++) {
			topic.add(FakeClsTopic.log(T0 + 777, "", "", "m" + i));
		}
		topic.beforeSearch((search) -> search.context() == null ? null
				: new ClsQueryException(ClsQueryException.Refusal.INVALID_CONTEXT,
						"source cls, topic t-1, range [x]: FailedOperation.InvalidContext: expired"));

		assertThatThrownBy(() -> readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE))
			.isInstanceOfSatisfying(SourceException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(SourceException.Kind.REJECTED))
			.hasMessageContaining("topic t-1")
			.hasMessageContaining("FailedOperation.InvalidContext")
			.hasMessageContaining("refused 3 times");
	}

	@Test
	void keepsOnlyLogsWithinTheWindowWhateverTheApiDoesAtItsEdges() {
		FakeClsTopic topic = new FakeClsTopic(1).inclusiveTo();
		topic.add(FakeClsTopic.log(T0, "", "", "first of the window"));
		topic.add(FakeClsTopic.log(T0 + HOUR, "", "", "first of the next window"));
		for (int i = 1; i <= 3_000; i++) {
			// Many on whole seconds, where leaves start and end.
			topic.add(FakeClsTopic.log(T0 + i * 1_000L, "", "", "m" + i));
		}

		Read read = readAll(topic, 100, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).hasSize(3_001);
		assertThat(read.records().get(0).fields().get("TimeMs")).isEqualTo(Long.toString(T0));
		assertThat(read.records()).noneMatch((record) -> record.fields().get("TimeMs").equals(Long.toString(T0 + HOUR)));
		assertThat(read.records().stream().map(ExportRecord::naturalKey).distinct()).hasSize(3_001);
		assertThat(read.counts()).containsExactly(3_001L, 3_001L, 0L, 0L);
	}

	@Test
	void aLeafCLSFindsTooLargeIsSplitAndReadWhole() {
		FakeClsTopic topic = smallHour(1);
		topic.beforeSearch((search) -> search.range().length() > 60_000
				? new ClsQueryException(ClsQueryException.Refusal.TOO_LARGE,
						"source cls, topic t-1: LimitExceeded.SearchResultTooLarge: too large")
				: null);

		Read read = readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE);

		assertThat(read.records()).isEqualTo(readAll(smallHour(5), 1000, new ExecutionContext(), Integer.MAX_VALUE)
			.records());
		assertThat(read.counts()).containsExactly(148L, 148L, 0L, 0L);
	}

	@Test
	void aMillisecondCLSFindsTooLargeFailsTheWindowNamingIt() {
		FakeClsTopic topic = new FakeClsTopic(1).add(FakeClsTopic.log(T0 + 9, "", "", "huge"));
		topic.beforeSearch((search) -> new ClsQueryException(ClsQueryException.Refusal.TOO_LARGE,
				"source cls, topic t-1: LimitExceeded.SearchResultTooLarge: too large"));

		assertThatThrownBy(() -> readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE))
			.isInstanceOfSatisfying(SourceException.class, (ex) -> assertThat(ex.retryable()).isFalse())
			.hasMessageContaining("topic t-1")
			.hasMessageContaining("LimitExceeded.SearchResultTooLarge")
			.hasMessageContaining("single millisecond");
	}

	@Test
	void aFunctionsStatementThatAlsoFindsAnotherFunctionsLogsFailsTheWindowNamingBothRatherThanArchiveThem() {
		FakeClsTopic topic = new FakeClsTopic(1);
		topic.add(scfLog(T0 + 10, "order-api", "default"));
		// CLS may match the name as text: the canary's logs answer the same statement, and the histogram counts them.
		topic.add(scfLog(T0 + 20, "order-api-canary", "default"));
		ClsTarget function = new ClsTarget("order-api", "t-1",
				"SCF_FunctionName:\"order-api\" AND SCF_Namespace:\"default\"",
				Map.of("SCF_FunctionName", "order-api", "SCF_Namespace", "default"));
		ClsWindowReader reader = new ClsWindowReader(topic, function, WINDOW, 1000, NO_WAIT);
		reader.open(new ExecutionContext());

		assertThatThrownBy(reader::read).isInstanceOf(SourceException.class)
			.hasMessageContaining("order-api")
			.hasMessageContaining("SCF_FunctionName is \"order-api-canary\", not \"order-api\"")
			.hasMessageContaining("give the function a topic of its own");
	}

	@Test
	void aFunctionsOwnLogsAreReadWhateverElseTheirFieldsHold() throws Exception {
		FakeClsTopic topic = new FakeClsTopic(1);
		topic.add(scfLog(T0 + 10, "order-api", "default"));
		topic.add(scfLog(T0 + 20, "order-api", "default"));
		ClsTarget function = new ClsTarget("order-api", "t-1",
				"SCF_FunctionName:\"order-api\" AND SCF_Namespace:\"default\"",
				Map.of("SCF_FunctionName", "order-api", "SCF_Namespace", "default"));
		ClsWindowReader reader = new ClsWindowReader(topic, function, WINDOW, 1000, NO_WAIT);
		reader.open(new ExecutionContext());

		assertThat(reader.read()).isInstanceOf(ExportRecord.class);
		assertThat(reader.read()).isInstanceOf(ExportRecord.class);
		assertThat(reader.read()).isNull();
	}

	private static ClsLog scfLog(long time, String function, String namespace) {
		String json = "{\"SCF_FunctionName\":\"" + function + "\",\"SCF_Namespace\":\"" + namespace
				+ "\",\"SCF_Message\":\"hello\"}";
		return new ClsLog(time, "t-1", "10.0.0.1", "", "", "", "", json, ClsResponseParser.logFields(json, 0));
	}

	@Test
	void aLogGivenTwiceHasOneKeyAndTheDuplicateFilterDropsTheSecond() throws Exception {
		FakeClsTopic topic = new FakeClsTopic(1);
		topic.add(FakeClsTopic.log(T0 + 10, "pkg", "1", "with ids"));
		topic.add(FakeClsTopic.log(T0 + 10, "pkg", "1", "with ids"));
		topic.add(FakeClsTopic.log(T0 + 10, "", "", "without ids"));
		topic.add(FakeClsTopic.log(T0 + 10, "", "", "without ids"));
		topic.add(FakeClsTopic.log(T0 + 10, "", "", "another"));
		DuplicateRecordFilter filter = new DuplicateRecordFilter(
				new ClsWindowReader(topic, TOPIC, WINDOW, 1000, NO_WAIT));
		filter.open(new ExecutionContext());

		List<ExportRecord> records = new ArrayList<>();
		WindowItem item;
		while ((item = filter.read()) != null) {
			records.add((ExportRecord) item);
		}

		assertThat(records).hasSize(3);
		assertThat(filter.duplicates()).isEqualTo(2);
		assertThat(records).extracting(ExportRecord::naturalKey).contains(T0 + 10 + ":pkg:1");
	}

	@Test
	void writesTheFixedColumnsThenTheLogsFields() {
		FakeClsTopic topic = new FakeClsTopic(1).add(FakeClsTopic.log(T0 + 1_234, "pkg", "7", "hello"));

		ExportRecord record = readAll(topic, 1000, new ExecutionContext(), Integer.MAX_VALUE).records().get(0);

		assertThat(record.fields().keySet()).containsExactly("Time", "TimeMs", "TopicId", "Source", "FileName",
				"HostName", "PkgId", "PkgLogId", "msg");
		assertThat(record.fields().values()).containsExactly("2026-11-01T00:00:01.234Z", Long.toString(T0 + 1_234),
				"t-1", "10.0.0.1", "/var/log/app", "", "pkg", "7", "hello");
		assertThat(record.epochSecond()).isEqualTo((T0 + 1_234) / 1000);
	}

	/** 25,000 logs in an hour, some sharing a millisecond, half without packet ids. */
	@Test
	void aWindowWhoseSqlCountAgreesWithItsLeavesCountsIsCountedOnceByItWithoutDrift() {
		FakeClsTopic topic = smallHour(1);

		OperatorLog log = new OperatorLog();
		Read read = log.during(() -> readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE, true));

		assertThat(topic.sqlCounts).isEqualTo(1);
		assertThat(read.counts()).containsExactly(148L, 148L, 0L, 0L);
		assertThat(log.text()).doesNotContain("SQL count(*)");
	}

	@Test
	void aWindowWhoseSqlCountDiffersIsDriftByTheDifferenceWithOneWarningNamingTheWindowAndBothCounts() {
		FakeClsTopic topic = smallHour(1).sqlCountOffBy(-3);

		OperatorLog log = new OperatorLog();
		Read read = log.during(() -> readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE, true));

		assertThat(read.records()).hasSize(148);
		assertThat(read.counts()).as("expected, read, drift, missed").containsExactly(148L, 148L, 3L, 0L);
		assertThat(log.text().lines().filter((line) -> line.contains("SQL count(*)")))
			.singleElement()
			.asString()
			.contains("WARN")
			.contains("topic t-1, range " + new MsRange(T0, T0 + HOUR))
			.contains("the SQL count(*) gives 145 logs where the histogram counted 148")
			.contains("MISMATCH");
	}

	@Test
	void aRestartAfterTheLastRecordButBeforeTheEndAsksTheSqlCountAgainAndCountsItsDifferenceOnce() {
		ExecutionContext checkpoint = new ExecutionContext();
		FakeClsTopic killed = smallHour(2).sqlCountOffBy(2);
		readAll(killed, 10, checkpoint, 148, true);
		FakeClsTopic restarted = smallHour(3).sqlCountOffBy(2);

		Read after = readAll(restarted, 10, new ExecutionContext(checkpoint), Integer.MAX_VALUE, true);

		assertThat(killed.sqlCounts).isZero();
		assertThat(restarted.sqlCounts).isEqualTo(1);
		assertThat(after.records()).isEmpty();
		assertThat(after.counts()).containsExactly(148L, 148L, 2L, 0L);
	}

	@Test
	void withTheSqlCountOffTheWindowIsNeverCountedBySql() {
		FakeClsTopic topic = smallHour(1).sqlCountOffBy(5);

		Read read = readAll(topic, 10, new ExecutionContext(), Integer.MAX_VALUE, false);

		assertThat(topic.sqlCounts).isZero();
		assertThat(read.counts()).containsExactly(148L, 148L, 0L, 0L);
	}

	private static FakeClsTopic busyHour(long seed) {
		FakeClsTopic topic = new FakeClsTopic(seed);
		for (int i = 0; i < 25_000; i++) {
			long time = T0 + (i * 7_919L) % (HOUR / 4) * 4;
			topic.add(i % 2 == 0 ? FakeClsTopic.log(time, "", "", "m" + i)
					: FakeClsTopic.log(time, "pkg" + (i % 7), Integer.toString(i), "m" + i));
		}
		return topic;
	}

	/** 148 logs: ties, a millisecond of 25 (a paged leaf at a page of 10), and empty and present ids. */
	private static FakeClsTopic smallHour(long seed) {
		FakeClsTopic topic = new FakeClsTopic(seed);
		for (int i = 0; i < 100; i++) {
			topic.add(FakeClsTopic.log(T0 + (i % 40) * 60_000L + (i % 3), i % 4 == 0 ? "p" : "",
					i % 4 == 0 ? Integer.toString(i) : "", "m" + i));
		}
		for (int i = 0; i < 25; i++) {
			topic.add(FakeClsTopic.log(T0 + 1_800_000L, "", "", "burst" + i));
		}
		for (int i = 0; i < 23; i++) {
			topic.add(FakeClsTopic.log(T0 + 2_000_000L + i * 7L, "", "", "tail" + i));
		}
		return topic;
	}

	/** @param counts expected, read, drift, missed as the reader stored them */
	private record Read(List<ExportRecord> records, List<Long> counts) {
	}

	/** Opens a reader on {@code context}, reads up to {@code max} records, and stores its state there. */
	private static Read readAll(ClsApi api, int pageSize, ExecutionContext context, int max) {
		return readAll(api, pageSize, context, max, false);
	}

	/** @param sqlCount whether the reader cross-checks the window with an SQL count */
	private static Read readAll(ClsApi api, int pageSize, ExecutionContext context, int max, boolean sqlCount) {
		return read(new ClsWindowReader(api, TOPIC, WINDOW, pageSize, NO_WAIT, new ClsColumns(), sqlCount), context,
				max);
	}

	private static Read read(ItemStreamReader<WindowItem> reader, ExecutionContext context, int max) {
		reader.open(context);
		List<ExportRecord> records = new ArrayList<>();
		try {
			WindowItem item;
			while (records.size() < max && (item = reader.read()) != null) {
				records.add((ExportRecord) item);
			}
		}
		catch (Exception ex) {
			throw ex instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex);
		}
		reader.update(context);
		reader.close();
		return new Read(records, List.of(context.getLong(WindowCounts.EXPECTED), context.getLong(WindowCounts.READ),
				context.getLong(WindowCounts.DRIFT), context.getLong(WindowCounts.MISSED)));
	}

}
