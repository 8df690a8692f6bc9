package dev.logtally.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.ListItemReader;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateRecordFilterTest {

	@Test
	void dropsARecordDeliveredTwiceInItsSecondAndCountsIt() throws Exception {
		DuplicateRecordFilter filter = filter(record("a", 10), record("b", 10), record("a", 10), record("c", 10));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactly("a", "b", "c");
		assertThat(filter.duplicates()).isEqualTo(1);
	}

	@Test
	void keepsTheSameKeyInADifferentSecond() throws Exception {
		DuplicateRecordFilter filter = filter(record("a", 10), record("a", 11));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactly("a", "a");
	}

	@Test
	void dropsARunOfDuplicatesAndEndsWhenTheSourceEnds() throws Exception {
		DuplicateRecordFilter filter = filter(record("a", 10), record("a", 10), record("a", 10));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactly("a");
		assertThat(filter.duplicates()).isEqualTo(2);
	}

	@Test
	void aBusySecondThenQuietOnesKeepEachSecondsKeysApart() throws Exception {
		// The set of a second's keys is cleared and reused while small and replaced once it grew: either way a second
		// sees only its own keys.
		List<ExportRecord> delivered = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			delivered.add(record("busy-" + i, 10));
			expected.add("busy-" + i);
		}
		delivered.add(record("busy-7", 10));
		for (long second = 11; second < 15; second++) {
			delivered.add(record("busy-7", second));
			delivered.add(record("quiet", second));
			delivered.add(record("quiet", second));
			expected.add("busy-7");
			expected.add("quiet");
		}
		DuplicateRecordFilter filter = filter(delivered.toArray(WindowItem[]::new));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactlyElementsOf(expected);
		assertThat(filter.duplicates()).isEqualTo(5);
	}

	@Test
	void remembersTheCurrentSecondAndTheSourcesPositionAcrossARestart() throws Exception {
		List<ExportRecord> delivered = List.of(record("a", 10), record("b", 10), record("a", 10));
		DuplicateRecordFilter before = new DuplicateRecordFilter(new Positioned(delivered));
		ExecutionContext committed = new ExecutionContext();
		before.open(committed);
		before.read();
		before.update(committed);

		DuplicateRecordFilter after = new DuplicateRecordFilter(new Positioned(delivered));
		after.open(committed);

		assertThat(keys(after)).containsExactly("b");
		assertThat(after.duplicates()).isEqualTo(1);
	}

	@Test
	void aPartReadAgainTakesBackTheDuplicatesItDroppedAndLetsItsRecordsThroughAgain() throws Exception {
		DuplicateRecordFilter filter = filter(record("a", 9), record("a", 9), PartMark.START, record("b", 10),
				record("b", 10), record("c", 11), PartMark.REREAD, record("b", 10), record("c", 11), record("c", 11));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactly("a", "START", "b", "c", "REREAD", "b", "c");
		assertThat(filter.duplicates()).isEqualTo(2);
	}

	@Test
	void aWindowReadAgainBeforeAnyPartStartedStartsFromNoDuplicates() throws Exception {
		DuplicateRecordFilter filter = filter(record("a", 9), record("a", 9), PartMark.REREAD, record("a", 9));
		filter.open(new ExecutionContext());

		assertThat(keys(filter)).containsExactly("a", "REREAD", "a");
		assertThat(filter.duplicates()).isZero();
	}

	@Test
	void whatAPartReadAgainReturnsToSurvivesARestart() throws Exception {
		List<WindowItem> delivered = List.of(record("a", 9), record("a", 9), PartMark.START, record("b", 10),
				record("b", 10), PartMark.REREAD, record("b", 10));
		DuplicateRecordFilter before = new DuplicateRecordFilter(new Positioned(delivered));
		ExecutionContext committed = new ExecutionContext();
		before.open(committed);
		for (int i = 0; i < 3; i++) {
			before.read();
		}
		before.update(committed);

		DuplicateRecordFilter after = new DuplicateRecordFilter(new Positioned(delivered));
		after.open(committed);

		assertThat(keys(after)).containsExactly("REREAD", "b");
		assertThat(after.duplicates()).isEqualTo(1);
	}

	private static DuplicateRecordFilter filter(WindowItem... items) {
		ListItemReader<WindowItem> list = new ListItemReader<>(List.of(items));
		return new DuplicateRecordFilter(new ItemStreamReader<>() {

			@Override
			public WindowItem read() {
				return list.read();
			}

		});
	}

	/** The keys of the records the filter hands on, and the names of the marks. */
	private static List<String> keys(DuplicateRecordFilter filter) throws Exception {
		List<String> keys = new ArrayList<>();
		WindowItem item;
		while ((item = filter.read()) != null) {
			keys.add(item instanceof ExportRecord record ? record.naturalKey() : ((PartMark) item).name());
		}
		return keys;
	}

	private static ExportRecord record(String key, long second) {
		return new ExportRecord(key, second, Map.of("key", key));
	}

	/** A source reader that keeps its position in the step's context, as every source's does. */
	private static final class Positioned implements ItemStreamReader<WindowItem> {

		private final List<? extends WindowItem> records;

		private int next;

		Positioned(List<? extends WindowItem> records) {
			this.records = records;
		}

		@Override
		public WindowItem read() {
			return this.next < this.records.size() ? this.records.get(this.next++) : null;
		}

		@Override
		public void open(ExecutionContext context) {
			this.next = context.getInt("position", 0);
		}

		@Override
		public void update(ExecutionContext context) {
			context.putInt("position", this.next);
		}

	}

}
