package dev.logtally.source.cls;

import dev.logtally.tally.WindowCounts;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader's restart state survives its checkpoint exactly, under the keys reconciliation reads. */
class ClsReaderStateTest {

	@Test
	void storesAndLoadsEveryField() {
		ClsReaderState state = new ClsReaderState(1_761_926_460_000L, 1_761_926_400_000L, 1_761_926_460_000L, 987, true,
				412, 2, 25_412, 24_000, 3, 17, false);
		ExecutionContext context = new ExecutionContext();

		state.store(context);

		assertThat(ClsReaderState.load(context)).isEqualTo(state);
		assertThat(context.getLong(WindowCounts.READ)).isEqualTo(25_412);
		assertThat(context.getLong(WindowCounts.EXPECTED)).isEqualTo(24_000);
		assertThat(context.getLong(WindowCounts.DRIFT)).isEqualTo(3);
		assertThat(context.getLong(WindowCounts.MISSED)).isEqualTo(17);
		assertThat(context.getLong(WindowCounts.INCOMPLETE)).isZero();
		assertThat(context.getString(ClsReaderState.LEAF)).isEqualTo("1761926400000:1761926460000:987:true");
	}

	@Test
	void aFinishedWindowWithoutALeafRoundTrips() {
		ClsReaderState state = ClsReaderState.start(1_000).finished();
		ExecutionContext context = new ExecutionContext();

		state.store(context);

		assertThat(ClsReaderState.load(context)).isEqualTo(state);
		assertThat(ClsReaderState.load(context).hasLeaf()).isFalse();
	}

	@Test
	void aCheckpointWithoutAttemptOrMissedStartsThemAfresh() {
		ExecutionContext context = new ExecutionContext();
		ClsReaderState.start(1_000).store(context);
		context.remove(ClsReaderState.ATTEMPT);
		context.remove(WindowCounts.MISSED);

		ClsReaderState loaded = ClsReaderState.load(context);

		assertThat(loaded.attempt()).isEqualTo(1);
		assertThat(loaded.missed()).isZero();
	}

	@Test
	void refusesALeafItCannotReadNamingTheKey() {
		ExecutionContext context = new ExecutionContext();
		ClsReaderState.start(1_000).store(context);
		context.putString(ClsReaderState.LEAF, "1:2:3");

		assertThatThrownBy(() -> ClsReaderState.load(context)).hasMessageContaining("reader.leaf");
	}

	@Test
	void aTruncatedPagedLeafCountsWhatItMissedAndNoDrift() {
		ClsReaderState state = ClsReaderState.start(0)
			.withLeaf(new ClsLeafPlanner.Leaf(new MsRange(5, 6), 12_000, true))
			.leafDone(10_000, 2_000);

		assertThat(state.expected()).isEqualTo(12_000);
		assertThat(state.missed()).isEqualTo(2_000);
		assertThat(state.drift()).isZero();
	}

	@Test
	void aLeafThatGaveOtherThanItsCountIsDrift() {
		ClsReaderState state = ClsReaderState.start(0)
			.withLeaf(new ClsLeafPlanner.Leaf(new MsRange(0, 60_000), 500, false))
			.leafDone(497, 0);

		assertThat(state.expected()).isEqualTo(500);
		assertThat(state.drift()).isEqualTo(3);
	}

}
