package dev.logtally.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.logtally.jobspec.RereadSpec;
import dev.logtally.testing.OperatorLog;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every window reader does around its paging, specified on a reader of a listing of lines paged two at a time,
 * whose part is the whole listing.
 */
class PagedWindowReaderTest {

	private static final List<String> LISTING = List.of("a", "b", "c", "d", "e");

	private final List<Duration> pauses = new ArrayList<>();

	private final Rereads rereads = new Rereads(new RereadSpec(3, Duration.ofSeconds(2)), this.pauses::add);

	@Test
	void handsOnThePartMarkBeforeAnyRecordThenEveryRecordInOrderThenNull() {
		ListingReader reader = new ListingReader(this.rereads);
		reader.open(new ExecutionContext());

		assertThat(readAll(reader)).containsExactly(PartMark.START, "a", "b", "c", "d", "e", null);
	}

	@Test
	void returnsNullOnEveryReadAfterTheEndWithoutAskingTheSourceAgain() {
		ListingReader reader = new ListingReader(this.rereads);
		reader.open(new ExecutionContext());
		readAll(reader);
		int pages = reader.pagesAsked;

		assertThat(reader.read()).isNull();
		assertThat(reader.read()).isNull();
		assertThat(reader.pagesAsked).isEqualTo(pages);
	}

	@Test
	void readingThePartAgainForgetsThePageHandsOnRereadAndReadsThePartFromItsStartAfterAPause() {
		ListingReader reader = new ListingReader(this.rereads);
		reader.movesWhenPagedAt = 2;
		reader.open(new ExecutionContext());
		OperatorLog log = new OperatorLog();

		List<@Nullable Object> items = log.during(() -> readAll(reader));

		// c and d were on the page when the part moved: they are not handed on from it, only from the read again.
		assertThat(items).containsExactly(PartMark.START, "a", "b", PartMark.REREAD, "a", "b", "c", "d", "e", null);
		assertThat(log.text()).contains("fake/listing w1: the count moved from 5 to 6; reading it again from its start "
				+ "(attempt 2 of 3)");
		assertThat(this.pauses).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void saysWhenAPartIsReadAgainFromItsEnd() {
		ListingReader reader = new ListingReader(this.rereads);
		reader.movesWhenPagedAt = 2;
		reader.from = PagedWindowReader.From.END;
		reader.open(new ExecutionContext());
		OperatorLog log = new OperatorLog();

		log.during(() -> readAll(reader));

		assertThat(log.text()).contains("; reading it again from its end (attempt 2 of 3)");
	}

	@Test
	void updateStoresTheStateUnderTheReadersKeysAndANewReaderResumesAfterTheLastRecordHandedOn() {
		ListingReader first = new ListingReader(this.rereads);
		first.open(new ExecutionContext());
		List<@Nullable Object> before = List.of(next(first), next(first), next(first), next(first));
		ExecutionContext checkpoint = new ExecutionContext();
		first.update(checkpoint);
		first.close();

		ListingReader second = new ListingReader(this.rereads);
		second.open(checkpoint);

		assertThat(before).containsExactly(PartMark.START, "a", "b", "c");
		assertThat(checkpoint.getInt("listing.offset")).isEqualTo(3);
		assertThat(readAll(second)).containsExactly("d", "e", null);
	}

	@Test
	void closeForgetsThePageSoThatAReopenedReaderAsksForItAgain() {
		ListingReader reader = new ListingReader(this.rereads);
		reader.open(new ExecutionContext());
		reader.read();
		reader.read();
		ExecutionContext checkpoint = new ExecutionContext();
		reader.update(checkpoint);
		reader.close();
		int pages = reader.pagesAsked;

		reader.open(checkpoint);

		assertThat(readAll(reader)).containsExactly("b", "c", "d", "e", null);
		assertThat(reader.pagesAsked).isEqualTo(pages + 2);
	}

	@Test
	void aReaderNotOpenedSaysSo() {
		ListingReader reader = new ListingReader(this.rereads);

		assertThatIllegalStateException().isThrownBy(reader::read).withMessage("the reader is not open");
	}

	/** Reads up to and including the first {@code null}, records as their natural key. */
	private static List<@Nullable Object> readAll(ListingReader reader) {
		List<@Nullable Object> items = new ArrayList<>();
		while (true) {
			Object item = next(reader);
			items.add(item);
			if (item == null) {
				return items;
			}
		}
	}

	/** The next item, a record as its natural key. */
	private static @Nullable Object next(ListingReader reader) {
		WindowItem item = reader.read();
		return item instanceof ExportRecord record ? record.naturalKey() : item;
	}

	/** Where the reader is in the listing: lines handed on, the read of the listing, and whether it ended. */
	private record Position(int offset, int attempt, boolean done) {

		static final Position START = new Position(0, 1, false);

	}

	/**
	 * Pages {@link #LISTING} two lines at a time. When asked for the page at {@link #movesWhenPagedAt}, the listing's
	 * count moves once after the page was buffered, and the listing is read again.
	 */
	private static final class ListingReader extends PagedWindowReader<String, Position> {

		int movesWhenPagedAt = -1;

		From from = From.START;

		int pagesAsked;

		ListingReader(Rereads rereads) {
			super(rereads);
		}

		@Override
		protected @Nullable Position restore(ExecutionContext context) {
			return context.containsKey("listing.offset") ? new Position(context.getInt("listing.offset"),
					context.getInt("listing.attempt"), Boolean.parseBoolean(context.getString("listing.done"))) : null;
		}

		@Override
		protected Position begin() {
			return Position.START;
		}

		@Override
		protected void opened() {
			if (state().offset() == 0) {
				startPart();
			}
		}

		@Override
		protected void store(Position state, ExecutionContext context) {
			context.putInt("listing.offset", state.offset());
			context.putInt("listing.attempt", state.attempt());
			context.putString("listing.done", Boolean.toString(state.done()));
		}

		@Override
		protected boolean done(Position state) {
			return state.done();
		}

		@Override
		protected ExportRecord handOn(String line) {
			moveTo(new Position(state().offset() + 1, state().attempt(), false));
			return new ExportRecord(line, 0, Map.of("line", line));
		}

		@Override
		protected boolean readMore() {
			Position at = state();
			if (at.offset() >= LISTING.size()) {
				moveTo(new Position(at.offset(), at.attempt(), true));
				return false;
			}
			this.pagesAsked++;
			buffer(LISTING.subList(at.offset(), Math.min(at.offset() + 2, LISTING.size())));
			if (at.offset() == this.movesWhenPagedAt && rereads().allowAfter(at.attempt())) {
				this.movesWhenPagedAt = -1;
				readPartAgain("fake/listing w1", "the count moved from 5 to 6", this.from, at.attempt() + 1,
						new Position(0, at.attempt() + 1, false));
			}
			return true;
		}

	}

}
