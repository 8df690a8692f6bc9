package dev.logtally.source;

import dev.logtally.tally.WindowCounts;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The restart state of the leaf readers (SLS, CLS) survives its checkpoint exactly, under the keys reconciliation
 * reads, and loads the checkpoints each reader wrote before they shared it.
 */
class LeafReaderStateTest {

	@Test
	void storesAndLoadsEveryField() {
		LeafReaderState state = new LeafReaderState(1_761_926_460_000L, 1_761_926_400_000L, 1_761_926_460_000L, 987,
				true, 412, 2, 25_412, 24_000, 3, 5, 17, false);
		ExecutionContext context = new ExecutionContext();

		state.store(context);

		assertThat(LeafReaderState.load(context)).isEqualTo(state);
		assertThat(context.getLong(WindowCounts.READ)).isEqualTo(25_412);
		assertThat(context.getLong(WindowCounts.EXPECTED)).isEqualTo(24_000);
		assertThat(context.getLong(WindowCounts.DRIFT)).isEqualTo(3);
		assertThat(context.getLong(WindowCounts.MISSED)).isEqualTo(17);
		assertThat(context.getLong(WindowCounts.INCOMPLETE)).isEqualTo(5);
		assertThat(context.getString(LeafReaderState.LEAF)).isEqualTo("1761926400000:1761926460000:987:true");
	}

	@Test
	void aFinishedWindowWithoutALeafRoundTrips() {
		LeafReaderState state = LeafReaderState.start(1_000).finished();
		ExecutionContext context = new ExecutionContext();

		state.store(context);

		assertThat(LeafReaderState.load(context)).isEqualTo(state);
		assertThat(LeafReaderState.load(context).hasLeaf()).isFalse();
	}

	@Test
	void aCheckpointWithoutAttemptOrMissedStartsThemAfresh() {
		ExecutionContext context = new ExecutionContext();
		LeafReaderState.start(1_000).store(context);
		context.remove(LeafReaderState.ATTEMPT);
		context.remove(WindowCounts.MISSED);

		LeafReaderState loaded = LeafReaderState.load(context);

		assertThat(loaded.attempt()).isEqualTo(1);
		assertThat(loaded.missed()).isZero();
	}

	@Test
	void aCheckpointAnSlsReaderWroteBeforeLoadsWithNothingMissed() {
		ExecutionContext context = new ExecutionContext();
		context.putLong("reader.cursor", 1_761_926_460_000_000_000L);
		context.putString("reader.leaf", "-1:0:0:false");
		context.putInt("reader.offset", 0);
		context.putInt("reader.attempt", 1);
		context.putLong(WindowCounts.READ, 700);
		context.putLong(WindowCounts.EXPECTED, 750);
		context.putLong(WindowCounts.DRIFT, 0);
		context.putLong(WindowCounts.INCOMPLETE, 50);
		context.putLong(WindowCounts.MISSED, 0);
		context.putString("reader.done", "false");

		LeafReaderState loaded = LeafReaderState.load(context);

		assertThat(loaded).isEqualTo(new LeafReaderState(1_761_926_460_000_000_000L, -1, 0, 0, false, 0, 1, 700, 750,
				0, 50, 0, false));
	}

	@Test
	void aCheckpointWithoutAPositionLoadsAsNone() {
		assertThat(LeafReaderState.load(new ExecutionContext())).isNull();
	}

	@Test
	void aLeafWhoseQueryNeverCompletedCountsWhollyAsIncompleteAndNoDrift() {
		LeafReaderState state = LeafReaderState.start(0).withLeaf(0, 60_000, 400, false).leafIncomplete();

		assertThat(state.expected()).isEqualTo(400);
		assertThat(state.incomplete()).isEqualTo(400);
		assertThat(state.drift()).isZero();
		assertThat(state.hasLeaf()).isFalse();
	}

	@Test
	void aSecondCountOfTheWindowThatDiffersAddsItsDifferenceAsDrift() {
		LeafReaderState state = LeafReaderState.start(0).withLeaf(0, 60_000, 500, false).leafRead(500, 0).drifted(4);

		assertThat(state.drift()).isEqualTo(4);
	}

	@Test
	void refusesALeafItCannotReadNamingTheKey() {
		ExecutionContext context = new ExecutionContext();
		LeafReaderState.start(1_000).store(context);
		context.putString(LeafReaderState.LEAF, "1:2:3");

		assertThatThrownBy(() -> LeafReaderState.load(context)).hasMessageContaining("reader.leaf");
	}

	@Test
	void aTruncatedPagedLeafCountsWhatItMissedAndNoDrift() {
		LeafReaderState state = LeafReaderState.start(0)
			.withLeaf(5, 6, 12_000, true)
			.leafRead(10_000, 2_000);

		assertThat(state.expected()).isEqualTo(12_000);
		assertThat(state.missed()).isEqualTo(2_000);
		assertThat(state.drift()).isZero();
	}

	@Test
	void aLeafThatGaveOtherThanItsCountIsDrift() {
		LeafReaderState state = LeafReaderState.start(0)
			.withLeaf(0, 60_000, 500, false)
			.leafRead(497, 0);

		assertThat(state.expected()).isEqualTo(500);
		assertThat(state.drift()).isEqualTo(3);
	}

}
