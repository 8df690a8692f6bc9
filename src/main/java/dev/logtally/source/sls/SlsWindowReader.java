package dev.logtally.source.sls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.logtally.http.SourceException;
import dev.logtally.source.ExportRecord;
import dev.logtally.source.LeafReaderState;
import dev.logtally.source.PagedWindowReader;
import dev.logtally.source.Rereads;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads every log of one (logstore, window), leaf by leaf ({@link SlsLeafPlanner}), each leaf with one complete
 * {@code GetLogs} answer whose logs are sorted by content before they are handed on.
 *
 * <p>The sort is what makes the archive independent of SLS's tie order, and the restart exact: the logs of a window
 * come out in one total order (time, then content) whatever the leaves were, and a restarted reader asks again for
 * the leaf it was in and skips the logs already committed. The restart state is constant in size (a cursor, the
 * current leaf, an offset, the counts), whatever the size of the window.
 *
 * <p>A leaf is read whole before any of its logs is handed on, so it is read again without taking anything back: when
 * its logs and its count differ (logs arrived in it after the histogram counted it), the histogram is asked again and
 * the leaf fetched again, up to the bound of {@link Rereads}; a leaf that outgrew a page goes back to planning to be
 * split. Only a leaf that still differs on its last allowed read counts as drift, a MISMATCH.
 */
public final class SlsWindowReader extends PagedWindowReader<ExportRecord, LeafReaderState> {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final SlsApiClient client;

	private final SlsTarget target;

	private final Window window;

	private final int pageSize;

	private final SlsColumns columns = new SlsColumns();

	private SlsLeafPlanner planner;

	private boolean leafFetched;

	private long leafGot;

	private boolean leafCompleted;

	/** @param pageSize the {@code line} of each request, at most 100 */
	public SlsWindowReader(SlsApiClient client, SlsTarget target, Window window, int pageSize, Rereads rereads) {
		super(rereads);
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
	}

	@Override
	protected @Nullable LeafReaderState restore(ExecutionContext context) {
		return LeafReaderState.load(context);
	}

	@Override
	protected LeafReaderState begin() {
		return LeafReaderState.start(NsRange.of(this.window.start(), this.window.end()).start());
	}

	@Override
	protected void opened() {
		this.planner = new SlsLeafPlanner(this::histogram, this.pageSize - 1, state().cursor(),
				NsRange.of(this.window.start(), this.window.end()).end());
	}

	@Override
	protected void store(LeafReaderState state, ExecutionContext context) {
		state.store(context);
	}

	@Override
	protected boolean done(LeafReaderState state) {
		return state.done();
	}

	@Override
	protected ExportRecord handOn(ExportRecord record) {
		moveTo(state().consumed());
		return record;
	}

	@Override
	protected boolean readMore() {
		if (state().hasLeaf() && this.leafFetched) {
			moveTo(this.leafCompleted ? state().leafRead(this.leafGot, 0) : state().leafIncomplete());
			this.leafFetched = false;
			return true;
		}
		if (!state().hasLeaf()) {
			SlsLeafPlanner.Leaf leaf = this.planner.next();
			if (leaf == null) {
				moveTo(state().finished());
				return false;
			}
			moveTo(state().withLeaf(leaf.range().start(), leaf.range().end(), leaf.count(), leaf.paged()));
		}
		fetchLeaf();
		return true;
	}

	/**
	 * Reads the current leaf whole, again while its logs and its count differ, sorts it, and queues what a restart has
	 * not yet handed on.
	 */
	private void fetchLeaf() {
		NsRange leaf = leafRange();
		Optional<List<QueriedLog>> logs = fetch(leaf);
		while (logs.isPresent() && logs.get().size() != state().leafCount()
				&& rereads().allowAfter(state().attempt())) {
			moveTo(state().nextAttempt());
			log.warn("{}: the leaf held {} logs where the histogram counted {}; counting and reading it again "
					+ "(attempt {} of {})", this.client.context(this.target, leaf), logs.get().size(),
					state().leafCount(), state().attempt(), rereads().maxAttempts());
			rereads().pauseBefore(state().attempt(), this.client.context(this.target, leaf));
			long count = histogram(leaf).stream().mapToLong(HistogramBucket::count).sum();
			if (!state().leafPaged() && state().offset() == 0 && count >= this.pageSize) {
				// Logs arrived in it: a leaf must fit one page to be read without offsets, so it is split again.
				this.planner.again(new SlsLeafPlanner.Leaf(leaf, count, false));
				moveTo(state().replanned());
				return;
			}
			moveTo(state().recounted(count));
			logs = fetch(leaf);
		}
		List<QueriedLog> sorted = logs.orElseGet(ArrayList::new);
		Collections.sort(sorted);
		for (int i = state().offset(); i < sorted.size(); i++) {
			buffer(this.columns.toRecord(sorted.get(i), leaf.start() + ":" + i));
		}
		this.leafFetched = true;
		this.leafGot = sorted.size();
		this.leafCompleted = logs.isPresent();
	}

	/** Every log of the leaf, page after full page; empty when a query never completed. */
	private Optional<List<QueriedLog>> fetch(NsRange leaf) {
		List<QueriedLog> logs = new ArrayList<>();
		int offset = 0;
		while (true) {
			Optional<List<QueriedLog>> answer = this.client.logs(this.target, leaf, offset, this.pageSize);
			if (answer.isEmpty()) {
				return Optional.empty();
			}
			logs.addAll(answer.get());
			// A full page means more logs than the histogram counted (or a paged leaf): ask for the next page.
			if (answer.get().size() < this.pageSize) {
				return Optional.of(logs);
			}
			offset += this.pageSize;
		}
	}

	private List<HistogramBucket> histogram(NsRange range) {
		return this.client.histogram(this.target, range)
			.orElseThrow(() -> new SourceException(SourceException.Kind.SERVER, this.client.context(this.target, range)
					+ ": GetHistograms stayed Incomplete beyond the bound, so the window cannot be counted"));
	}

	private NsRange leafRange() {
		return new NsRange(state().leafStart(), state().leafEnd());
	}

}
