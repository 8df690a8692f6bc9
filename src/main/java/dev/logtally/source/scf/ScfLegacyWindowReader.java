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
 * Reads one (function, window) from the legacy API, which has no time parameters: it pages the function's logs newest
 * first, from the first page that reaches the window (found by bisecting offsets), and stops at the first log older
 * than the window. Then it counts the window by the listing's own offsets ({@link ScfLegacyListing}), so a log that
 * arrived late inside the window, after the read passed its place, makes the window a MISMATCH, not a silent gap.
 *
 * <p>Why newest first: logs that arrive during the read are newer than any closed window, so they can only push the
 * window's logs further down; a page read again then repeats logs, which the cursor ({@link ScfLegacyReaderState})
 * skips, and never hides one. (Oldest first, a log expiring at the old end would shift every page up and skip one.)
 * The cursor is consulted only while the reader catches up after the listing may have moved (its length changed, or
 * the reader was reopened), until the first log it has not handed on: past that point, in a listing that holds still,
 * a log seen again is one the source delivered twice, and goes on to the duplicate filter to be dropped and counted. Logs are handed on newest first; the archive renders them oldest first, like API 3.0.
 *
 * <p>The window is a part that may be read again ({@link PartMark}): when its count, taken while the listing held
 * still, differs from the logs read (a log arrived inside the window above the cursor after the read had passed its
 * place, or one expired), everything handed on is taken back and the window read again from its end, up to the bound
 * of {@link Rereads}. Only a window that still differs on its last allowed read is a MISMATCH.
 */
public final class ScfLegacyWindowReader extends PagedWindowReader<ExportRecord, ScfLegacyReaderState> {

	/** Passes at counting a window while its listing keeps moving, before the count is reported as drifting. */
	private static final int COUNT_ATTEMPTS = 5;

	private final ScfLegacyApiClient client;

	private final ScfLegacyListing listing;

	private final ScfTarget target;

	private final Window window;

	private final int pageSize;

	private final int cap;

	private final FunctionLogColumns columns;

	// What this reader knows of the read under way, none of it restart state; startPass() sets it for each read.

	/** What the page being handed on revealed about the end of the read, applied once it is drained. */
	private boolean passedWindow;

	private long missedAtCap;

	/** Where the page after the one being handed on starts; the state keeps the current page's start until it drains. */
	private int nextOffset;

	/** The listing's length at the last page, -1 before the first page this reader asked for. */
	private long lastTotal;

	/** Whether the listing may have moved since the last log handed on, so that logs met may be ones handed on. */
	private boolean catchingUp;

	/** Where the window's end and start were seen while reading: guesses that spare the count its bisections. */
	private ScfLegacyListing.@Nullable Boundary endSeen;

	private ScfLegacyListing.@Nullable Boundary startSeen;

	/** @param cap the largest offset+limit the API answers, 0 for none */
	public ScfLegacyWindowReader(ScfLegacyApiClient client, ScfTarget target, Window window, int pageSize, int cap,
			FunctionLogColumns columns, Rereads rereads) {
		super(rereads);
		this.client = client;
		this.listing = new ScfLegacyListing(client, target, cap, pageSize);
		this.target = target;
		this.window = window;
		this.pageSize = pageSize;
		this.cap = cap;
		this.columns = columns;
		startPass();
	}

	/** Forgets what an earlier read of the window saw: a new reader, or the window read again. */
	private void startPass() {
		this.passedWindow = false;
		this.missedAtCap = -1;
		this.nextOffset = -1;
		this.lastTotal = -1;
		this.catchingUp = true;
		this.endSeen = null;
		this.startSeen = null;
	}

	@Override
	protected @Nullable ScfLegacyReaderState restore(ExecutionContext context) {
		return context.containsKey(ScfLegacyReaderState.OFFSET) ? ScfLegacyReaderState.load(context) : null;
	}

	@Override
	protected ScfLegacyReaderState begin() {
		return ScfLegacyReaderState.start(this.window.end().getEpochSecond());
	}

	@Override
	protected void store(ScfLegacyReaderState state, ExecutionContext context) {
		state.store(context);
	}

	@Override
	protected boolean done(ScfLegacyReaderState state) {
		return state.done();
	}

	@Override
	protected ExportRecord handOn(ExportRecord record) {
		moveTo(state().consumed(record.epochSecond(), record.naturalKey()));
		return record;
	}

	@Override
	protected boolean readMore() {
		if (this.passedWindow) {
			ScfLegacyReaderState counted = count();
			if (counted.drift() == 0 && counted.expected() != counted.read()
					&& rereads().allowAfter(state().attempt())) {
				rereadWindow(counted);
				return true;
			}
			moveTo(counted);
			return false;
		}
		if (this.missedAtCap >= 0) {
			moveTo(state().truncated(this.missedAtCap));
			return false;
		}
		if (!state().located()) {
			this.endSeen = this.listing.boundary(this.window.end(), -1);
			moveTo(state().at(this.endSeen.offset()));
			if (!this.endSeen.reachable()) {
				this.missedAtCap = unreachable();
				return true;
			}
		}
		else if (this.nextOffset >= 0) {
			moveTo(state().at(this.nextOffset));
		}
		fetch();
		return true;
	}

	private void fetch() {
		int offset = state().offset();
		int limit = this.cap > 0 ? Math.min(this.pageSize, this.cap - offset) : this.pageSize;
		if (limit <= 0) {
			this.missedAtCap = unreachable();
			return;
		}
		ScfPage answer = this.client.getFunctionLogs(this.target, offset, limit);
		long total = answer.totalCount();
		if (total != this.lastTotal) {
			this.catchingUp = true;
		}
		this.lastTotal = total;
		List<FunctionLog> logs = answer.logs();
		for (int i = 0; i < logs.size(); i++) {
			FunctionLog log = logs.get(i);
			if (log.startTime().isBefore(this.window.start())) {
				this.passedWindow = true;
				this.startSeen = new ScfLegacyListing.Boundary(offset + i, true, total, total);
				break;
			}
			if (!this.window.contains(log.startTime())) {
				continue;
			}
			if (this.catchingUp && state().handed(log.startTime().getEpochSecond(), log.naturalKey())) {
				continue;
			}
			this.catchingUp = false;
			buffer(this.columns.toRecord(log));
		}
		int next = offset + logs.size();
		this.nextOffset = next;
		if (!this.passedWindow && (logs.size() < limit || next >= total)) {
			// The end of the listing: every log there is has been seen.
			this.passedWindow = true;
			this.startSeen = new ScfLegacyListing.Boundary(next, true, total, total);
		}
		else if (!this.passedWindow && this.cap > 0 && next >= this.cap) {
			this.missedAtCap = Math.max(1, total - this.cap);
		}
	}

	/** Takes back every log handed on and starts the window over, after a pause. */
	private void rereadWindow(ScfLegacyReaderState counted) {
		String where = this.client.sourceId() + "/" + this.target.id() + " " + this.window;
		readPartAgain(where,
				"the listing counts " + counted.expected() + " logs in the window where " + counted.read()
						+ " were read (logs arrived in it or expired while it was read)",
				From.END, state().attempt() + 1, state().reread(this.window.end().getEpochSecond()));
		startPass();
	}

	/**
	 * The window's logs by the listing: the offsets of its end and its start, found while the listing held still. A
	 * listing that never held still is a drift, and the window a MISMATCH: its count cannot be trusted.
	 */
	private ScfLegacyReaderState count() {
		ScfLegacyListing.Boundary end = this.listing.boundary(this.window.end(), guess(this.endSeen));
		ScfLegacyListing.Boundary start = this.listing.boundary(this.window.start(), guess(this.startSeen));
		for (int attempt = 1; attempt < COUNT_ATTEMPTS && !heldStill(end, start); attempt++) {
			long latest = start.lastTotal();
			end = this.listing.boundary(this.window.end(), end.shiftedTo(latest));
			start = this.listing.boundary(this.window.start(), start.shiftedTo(Math.max(latest, end.lastTotal())));
		}
		if (heldStill(end, start)) {
			return state().counted(start.offset() - end.offset(), 0);
		}
		return state().counted(start.offset() - end.offset(),
				Math.max(1, Math.abs(start.lastTotal() - end.firstTotal())));
	}

	private static boolean heldStill(ScfLegacyListing.Boundary end, ScfLegacyListing.Boundary start) {
		return start.reachable() && end.steady() && start.steady() && end.lastTotal() == start.firstTotal();
	}

	private int guess(ScfLegacyListing.@Nullable Boundary seen) {
		return seen == null || this.lastTotal < 0 ? -1 : seen.shiftedTo(this.lastTotal);
	}

	/** The logs beyond the cap, an upper bound of the window's logs out of reach. */
	private long unreachable() {
		return Math.max(1, this.client.getFunctionLogs(this.target, 0, 1).totalCount() - this.cap);
	}

}
