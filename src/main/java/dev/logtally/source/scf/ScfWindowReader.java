package dev.logtally.source.scf;

import java.util.List;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.PagedWindowReader;
import dev.logtally.source.PartMark;
import dev.logtally.source.Rereads;
import dev.logtally.window.Window;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads every function log of one (function, window), ascending by start time, and counts what the source says it
 * holds.
 *
 * <p>On open the window is planned into slices that the Offset+Limit cap can reach ({@link ScfSlicePlanner}); each slice
 * is then paged with Offset/Limit. The plan and the position (slice, offset within it) are the restart state: they are
 * stored in the step's execution context at every chunk commit, so a restarted step re-asks for exactly the page that
 * holds the first record not yet committed. Records of a page are buffered only in memory.
 *
 * <p>Each slice is a part that may be read again ({@link PartMark}): when its TotalCount moves between its pages (logs
 * arrived or expired inside it while it was paged, so offsets shifted), or a page holds fewer logs than the count
 * promises there, the reader takes back what it handed on of the slice and reads it again from its start, up to the
 * bound of {@link Rereads}. Only a slice still moving on its last allowed read counts as drift, which makes the window
 * a MISMATCH.
 *
 * <p>Counts for the verdict: {@code expected} sums each finished slice's TotalCount as last reported by the source;
 * {@code missed} counts logs a one-second slice held beyond the cap.
 */
public final class ScfWindowReader extends PagedWindowReader<FunctionLog, ReaderState> {

	private final ScfApiClient client;

	private final ScfTarget target;

	private final Window window;

	private final int pageSize;

	private final FunctionLogColumns columns;

	private List<Slice> plan;

	public ScfWindowReader(ScfApiClient client, ScfTarget target, Window window, int pageSize,
			FunctionLogColumns columns, Rereads rereads) {
		super(rereads);
		this.client = client;
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
		this.columns = columns;
	}

	@Override
	protected @Nullable ReaderState restore(ExecutionContext context) {
		if (!context.containsKey(ReaderState.PLAN)) {
			return null;
		}
		this.plan = Slice.decode(context.getString(ReaderState.PLAN));
		return ReaderState.load(context);
	}

	@Override
	protected ReaderState begin() {
		ScfSlicePlanner planner = new ScfSlicePlanner((from, to) -> this.client
			.getFunctionLogs(new ScfQuery(this.target, from, to, 0, 1))
			.totalCount());
		this.plan = planner.plan(this.window.start(), this.window.end());
		return ReaderState.START;
	}

	@Override
	protected void opened() {
		if (state().offset() == 0 && !state().done()) {
			startPart();
		}
	}

	@Override
	protected void store(ReaderState state, ExecutionContext context) {
		context.putString(ReaderState.PLAN, Slice.encode(this.plan));
		state.store(context);
	}

	@Override
	protected boolean done(ReaderState state) {
		return state.done();
	}

	@Override
	protected ExportRecord handOn(FunctionLog log) {
		moveTo(state().consumed());
		return this.columns.toRecord(log);
	}

	@Override
	protected boolean readMore() {
		if (state().slice() >= this.plan.size()) {
			moveTo(state().finished());
			return false;
		}
		fetchOrFinishSlice();
		return true;
	}

	private void fetchOrFinishSlice() {
		ReaderState state = state();
		Slice slice = this.plan.get(state.slice());
		int offset = state.offset();
		long total = state.sliceTotal();
		if (offset >= ScfSlicePlanner.CAP || (total >= 0 && offset >= total)) {
			nextSlice();
			return;
		}
		int limit = Math.min(this.pageSize, ScfSlicePlanner.CAP - offset);
		ScfPage answer = this.client.getFunctionLogs(new ScfQuery(this.target, slice.from(), slice.to(), offset, limit));
		List<FunctionLog> logs = answer.logs();
		// What the count says this page must hold: fewer means the slice's logs moved (or the source lost some).
		long promised = Math.min(limit, Math.min(answer.totalCount(), ScfSlicePlanner.CAP) - offset);
		boolean moved = total >= 0 && answer.totalCount() != total;
		if ((moved || logs.size() < promised) && rereads().allowAfter(state.attempt())) {
			rereadSlice(slice, total, answer.totalCount(), logs.size(), promised);
			return;
		}
		moveTo(state.withSliceTotal(answer.totalCount()));
		if (logs.isEmpty()) {
			// The source has nothing more at this offset: whatever TotalCount still claims is a short read.
			nextSlice();
			return;
		}
		buffer(logs.subList(0, Math.min(logs.size(), limit)));
	}

	private void nextSlice() {
		moveTo(state().nextSlice());
		if (state().slice() < this.plan.size()) {
			startPart();
		}
	}

	/** Takes back what was handed on of the slice and starts it over, after a pause. */
	private void rereadSlice(Slice slice, long total, long now, int got, long promised) {
		String where = this.client.sourceId() + "/" + this.target.id() + " " + this.window;
		String what = total >= 0 && now != total
				? "the source's count of [" + slice.from() + ", " + slice.to() + ") moved from " + total + " to " + now
						+ " while it was paged"
				: "the page of [" + slice.from() + ", " + slice.to() + ") at offset " + state().offset() + " held "
						+ got + " logs where its count promises " + promised;
		readPartAgain(where, what, From.START, state().attempt() + 1, state().rereadSlice());
	}

}
