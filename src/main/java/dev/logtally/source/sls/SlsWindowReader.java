package dev.logtally.source.sls;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import dev.logtally.http.SourceException;
import dev.logtally.source.ExportRecord;
import dev.logtally.spec.SlsTarget;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every log of one (logstore, window), leaf by leaf ({@link SlsLeafPlanner}), each leaf with one complete
 * {@code GetLogs} answer whose logs are sorted by content before they are handed on.
 *
 * <p>The sort is what makes the archive independent of SLS's tie order, and the restart exact: the logs of a window
 * come out in one total order (time, then content) whatever the leaves were, and a restarted reader asks again for
 * the leaf it was in and skips the logs already committed. The restart state is constant in size (a cursor, the
 * current leaf, an offset, the counts), whatever the size of the window.
 */
public final class SlsWindowReader implements ItemStreamReader<ExportRecord> {

	private final SlsApiClient client;

	private final SlsTarget target;

	private final Window window;

	private final int pageSize;

	private final Deque<ExportRecord> page = new ArrayDeque<>();

	private final SlsColumns columns = new SlsColumns();

	private SlsReaderState state;

	private SlsLeafPlanner planner;

	private boolean leafFetched;

	private long leafGot;

	private boolean leafCompleted;

	/** @param pageSize the {@code line} of each request, at most 100 */
	public SlsWindowReader(SlsApiClient client, SlsTarget target, Window window, int pageSize) {
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
	}

	@Override
	public void open(ExecutionContext context) {
		this.state = context.containsKey(SlsReaderState.CURSOR) ? SlsReaderState.load(context)
				: SlsReaderState.start(NsRange.of(this.window.start(), this.window.end()).start());
		this.planner = new SlsLeafPlanner(this::histogram, this.pageSize - 1, this.state.cursor(),
				NsRange.of(this.window.start(), this.window.end()).end());
	}

	@Override
	public @Nullable ExportRecord read() {
		while (true) {
			ExportRecord next = this.page.poll();
			if (next != null) {
				this.state = this.state.consumed();
				return next;
			}
			if (this.state.done()) {
				return null;
			}
			if (this.state.hasLeaf() && this.leafFetched) {
				this.state = this.state.leafDone(this.leafGot, this.leafCompleted);
				this.leafFetched = false;
				continue;
			}
			if (!this.state.hasLeaf()) {
				SlsLeafPlanner.Leaf leaf = this.planner.next();
				if (leaf == null) {
					this.state = this.state.finished();
					return null;
				}
				this.state = this.state.withLeaf(leaf);
			}
			fetchLeaf();
		}
	}

	/** Reads the current leaf whole, sorts it, and queues what a restart has not yet handed on. */
	private void fetchLeaf() {
		NsRange leaf = this.state.leaf();
		List<QueriedLog> logs = new ArrayList<>();
		boolean completed = true;
		int offset = 0;
		while (true) {
			Optional<List<QueriedLog>> answer = this.client.logs(this.target, leaf, offset, this.pageSize);
			if (answer.isEmpty()) {
				completed = false;
				logs.clear();
				break;
			}
			logs.addAll(answer.get());
			// A full page means more logs than the histogram counted (or a paged leaf): ask for the next page.
			if (answer.get().size() < this.pageSize) {
				break;
			}
			offset += this.pageSize;
		}
		Collections.sort(logs);
		for (int i = this.state.offset(); i < logs.size(); i++) {
			this.page.add(this.columns.toRecord(logs.get(i), leaf.start() + ":" + i));
		}
		this.leafFetched = true;
		this.leafGot = logs.size();
		this.leafCompleted = completed;
	}

	private List<HistogramBucket> histogram(NsRange range) {
		return this.client.histogram(this.target, range)
			.orElseThrow(() -> new SourceException(SourceException.Kind.SERVER, this.client.context(this.target, range)
					+ ": GetHistograms stayed Incomplete beyond the bound, so the window cannot be counted"));
	}

	@Override
	public void update(ExecutionContext context) {
		this.state.store(context);
	}

	@Override
	public void close() {
		this.page.clear();
	}

}
