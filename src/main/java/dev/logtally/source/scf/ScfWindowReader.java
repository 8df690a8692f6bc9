package dev.logtally.source.scf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.logtally.source.ExportRecord;
import dev.logtally.spec.ScfTarget;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every function log of one (function, window), ascending by start time, and counts what the source says it
 * holds.
 *
 * <p>On open the window is planned into slices that the Offset+Limit cap can reach ({@link ScfSlicePlanner}); each slice
 * is then paged with Offset/Limit. The plan and the position (slice, offset within it) are the restart state: they are
 * stored in the step's execution context at every chunk commit, so a restarted step re-asks for exactly the page that
 * holds the first record not yet committed. Records of a page are buffered only in memory.
 *
 * <p>Counts for the verdict: {@code expected} sums each finished slice's TotalCount as last reported by the source;
 * {@code missed} counts logs a one-second slice held beyond the cap.
 */
public final class ScfWindowReader implements ItemStreamReader<ExportRecord> {

	private final ScfApiClient client;

	private final ScfTarget target;

	private final Window window;

	private final int pageSize;

	private final FunctionLogColumns columns;

	private final Deque<FunctionLog> page = new ArrayDeque<>();

	private List<Slice> plan;

	private ReaderState state;

	public ScfWindowReader(ScfApiClient client, ScfTarget target, Window window, int pageSize,
			FunctionLogColumns columns) {
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
		this.columns = columns;
	}

	@Override
	public void open(ExecutionContext context) {
		if (context.containsKey(ReaderState.PLAN)) {
			this.plan = Slice.decode(context.getString(ReaderState.PLAN));
			this.state = ReaderState.load(context);
		}
		else {
			ScfSlicePlanner planner = new ScfSlicePlanner((from, to) -> this.client
				.getFunctionLogs(new ScfQuery(this.target, from, to, 0, 1))
				.totalCount());
			this.plan = planner.plan(this.window.start(), this.window.end());
			this.state = ReaderState.START;
		}
	}

	@Override
	public @Nullable ExportRecord read() {
		while (true) {
			FunctionLog next = this.page.poll();
			if (next != null) {
				this.state = this.state.consumed();
				return this.columns.toRecord(next);
			}
			if (this.state.done()) {
				return null;
			}
			if (this.state.slice() >= this.plan.size()) {
				this.state = this.state.finished();
				return null;
			}
			fetchOrFinishSlice();
		}
	}

	private void fetchOrFinishSlice() {
		Slice slice = this.plan.get(this.state.slice());
		int offset = this.state.offset();
		long total = this.state.sliceTotal();
		if (offset >= ScfSlicePlanner.CAP || (total >= 0 && offset >= total)) {
			this.state = this.state.nextSlice();
			return;
		}
		int limit = Math.min(this.pageSize, ScfSlicePlanner.CAP - offset);
		ScfPage answer = this.client.getFunctionLogs(new ScfQuery(this.target, slice.from(), slice.to(), offset, limit));
		this.state = this.state.withSliceTotal(answer.totalCount());
		if (answer.logs().isEmpty()) {
			// The source has nothing more at this offset: whatever TotalCount still claims is a short read.
			this.state = this.state.nextSlice();
			return;
		}
		this.page.addAll(answer.logs().subList(0, Math.min(answer.logs().size(), limit)));
	}

	@Override
	public void update(ExecutionContext context) {
		context.putString(ReaderState.PLAN, Slice.encode(this.plan));
		this.state.store(context);
	}

	@Override
	public void close() {
		this.page.clear();
	}

}
