package dev.logtally.source.cls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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
 * Reads every log of one (topic, window), leaf by leaf ({@link ClsLeafPlanner}), each leaf with one {@code SearchLog}
 * answer (or, for a paged leaf, its Context pages) whose logs are sorted by content before they are handed on.
 *
 * <p>The sort is what makes the archive independent of the order CLS gives logs of one millisecond, and the restart
 * exact: the logs of a window come out in one total order (time, packet ids, then content) whatever the leaves were,
 * and a restarted reader fetches the leaf it was in again and skips the logs already committed. The restart state is
 * constant in size (a cursor, the current leaf, an offset, the counts) and holds no Context, which expires.
 *
 * <p>Only logs with {@code windowStart <= Time < windowEnd} are kept, and within a leaf only its own range: CLS does
 * not document whether {@code From} and {@code To} are inclusive. Nothing is dropped here; a log CLS gives twice has
 * the same natural key ({@link ClsColumns#naturalKey}) and the duplicate filter drops and counts it.
 *
 * <p>A leaf is read whole before any of its logs is handed on, so it is read again without taking anything back (no
 * part marks: a leaf may start inside a second an earlier leaf ended in): when its logs and its count differ (logs
 * arrived in it after the histogram counted it), the histogram is asked again and the leaf fetched again, up to the
 * bound of {@link Rereads}; a leaf that outgrew a page goes back to planning to be split. Only a leaf that still
 * differs on its last allowed read counts as drift, a MISMATCH. A paged leaf whose Context expired or was refused is
 * fetched again from its start; one beyond the 10,000 logs a Context reaches counts the rest as missed (TRUNCATED).
 *
 * <p>With the SQL cross-check on, a window read to its end is counted once more with an SQL {@code count(*)}; a count
 * that differs from the leaves' is drift.
 */
public final class ClsWindowReader extends PagedWindowReader<ExportRecord, LeafReaderState> {

	/**
	 * The topic the checkpoint's position is on, stored beside it: a function's topic is looked up per run and may
	 * differ after a restart, and an offset within a leaf means something only on the topic it was counted on.
	 */
	static final String TOPIC = "reader.topic";

	/** The most logs one SearchLog query reaches with Context pages. */
	static final int CONTEXT_CAP = 10_000;

	/** How often a paged leaf is fetched again from its start because its Context was refused. */
	static final int CONTEXT_RESTARTS = 3;

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final ClsApi client;

	/** What is read; after a restart, on the topic the window was started on (see {@link #restore}). */
	private ClsTarget target;

	private final MsRange window;

	private final int pageSize;

	private final ClsColumns columns;

	private final boolean sqlCount;

	private ClsLeafPlanner planner;

	private boolean leafFetched;

	private long leafGot;

	private long leafMissed;

	/**
	 * Without the SQL cross-check.
	 * @param pageSize the {@code Limit} of each SearchLog request, at most 1000
	 */
	ClsWindowReader(ClsApi client, ClsTarget target, Window window, int pageSize, Rereads rereads) {
		this(client, target, window, pageSize, rereads, new ClsColumns(), false);
	}

	/**
	 * @param columns how a log becomes a row: the source's layout
	 * @param sqlCount whether the window's count is cross-checked with an SQL {@code count(*)} once it is read
	 */
	ClsWindowReader(ClsApi client, ClsTarget target, Window window, int pageSize, Rereads rereads,
			ClsColumns columns, boolean sqlCount) {
		super(rereads);
		this.sqlCount = sqlCount;
		this.columns = columns;
		this.client = client;
		this.target = target;
		this.window = MsRange.of(window.start(), window.end());
		this.pageSize = pageSize;
	}

	/**
	 * The checkpoint's position, on the topic it was taken on. A function's topic is asked of SCF once per run, so a
	 * restart may be told another topic than the one the window's first logs came from: the window is finished on
	 * the topic it started on, as an uninterrupted run would have, rather than continued on another topic at an
	 * offset that means nothing there.
	 */
	@Override
	protected @Nullable LeafReaderState restore(ExecutionContext context) {
		if (!context.containsKey(LeafReaderState.CURSOR)) {
			return null;
		}
		String started = context.containsKey(TOPIC) ? context.getString(TOPIC) : null;
		if (started != null && !started.equals(this.target.topic())) {
			String now = this.target.topic();
			this.target = this.target.onTopic(started);
			log.warn("{}: the window was started on this topic before the restart and is finished on it, although "
					+ "the function's topic is now {}", this.client.context(this.target, this.window), now);
		}
		return LeafReaderState.load(context);
	}

	@Override
	protected LeafReaderState begin() {
		return LeafReaderState.start(this.window.start());
	}

	@Override
	protected void opened() {
		this.planner = new ClsLeafPlanner(this::histogram, this.pageSize, state().cursor(), this.window.end());
	}

	@Override
	protected void store(LeafReaderState state, ExecutionContext context) {
		state.store(context);
		context.putString(TOPIC, this.target.topic());
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
			moveTo(state().leafRead(this.leafGot, this.leafMissed));
			this.leafFetched = false;
			return true;
		}
		if (!state().hasLeaf()) {
			ClsLeafPlanner.Leaf leaf = this.planner.next();
			if (leaf == null) {
				crossCheck();
				moveTo(state().finished());
				return false;
			}
			moveTo(state().withLeaf(leaf.range().start(), leaf.range().end(), leaf.count(), leaf.paged()));
		}
		fetchLeaf();
		return true;
	}

	/**
	 * Compares the window's count, the sum of its leaves' histogram counts, with an SQL {@code count(*)} bounded
	 * exactly to the window. Neither is documented as exact, so a difference is drift: the window is a MISMATCH, never
	 * MATCHED. Asked before the final state is stored, so a restart before then asks again.
	 */
	private void crossCheck() {
		if (!this.sqlCount) {
			return;
		}
		long counted = this.client.sqlCount(this.target, this.window);
		long expected = state().expected();
		if (counted != expected) {
			log.warn("{}: the SQL count(*) gives {} logs where the histogram counted {}; the window's verdict is a "
					+ "MISMATCH: export it again later or reconcile it", this.client.context(this.target, this.window),
					counted, expected);
			moveTo(state().drifted(Math.abs(counted - expected)));
		}
	}

	/** What one fetch of a leaf gave. */
	private record Fetched(List<ClsLog> logs, boolean listOver, boolean capped) {
	}

	/**
	 * Reads the current leaf whole, again while its logs and its count differ, sorts it, and queues what a restart has
	 * not yet handed on.
	 */
	private void fetchLeaf() {
		MsRange leaf = leafRange();
		Fetched fetched;
		try {
			fetched = fetch(leaf);
		}
		catch (ClsQueryException ex) {
			tooLarge(ex);
			return;
		}
		if (!state().leafPaged() && fetched.logs().size() >= this.pageSize && !fetched.listOver()
				&& fetched.logs().size() == state().leafCount()) {
			// A full answer that CLS does not call the end: the leaf may hold more than it was counted with.
			long count = histogram(leaf, ClsApiClient.finestInterval(leaf)).totalCount();
			if (count > this.pageSize && replan(leaf, count)) {
				return;
			}
		}
		while (differs(fetched) && rereads().allowAfter(state().attempt())) {
			moveTo(state().nextAttempt());
			String where = this.client.context(this.target, leaf);
			log.warn("{}: the leaf gave {} logs where the histogram counted {}; counting and reading it again "
					+ "(attempt {} of {})", where, fetched.logs().size(), state().leafCount(), state().attempt(),
					rereads().maxAttempts());
			rereads().pauseBefore(state().attempt(), where);
			long count = histogram(leaf, ClsApiClient.finestInterval(leaf)).totalCount();
			if (!state().leafPaged() && count > this.pageSize && replan(leaf, count)) {
				return;
			}
			moveTo(state().recounted(count));
			try {
				fetched = fetch(leaf);
			}
			catch (ClsQueryException ex) {
				tooLarge(ex);
				return;
			}
		}
		requireExactFields(fetched.logs(), leaf);
		List<ClsLog> sorted = new ArrayList<>(fetched.logs());
		Collections.sort(sorted);
		for (int i = state().offset(); i < sorted.size(); i++) {
			buffer(this.columns.toRecord(sorted.get(i)));
		}
		this.leafFetched = true;
		this.leafGot = sorted.size();
		this.leafMissed = fetched.capped() ? Math.max(0, state().leafCount() - sorted.size()) : 0;
	}

	/**
	 * Fails the window on a log the target's statement found but that is not the target's: CLS may match a value as
	 * text, so a function's statement can also find another function's logs, which the histogram counts alike. They
	 * cannot be told apart by counts, so the window is not exported rather than exported with another's logs.
	 */
	private void requireExactFields(List<ClsLog> logs, MsRange leaf) {
		for (ClsLog found : logs) {
			for (Map.Entry<String, String> field : this.target.exactFields().entrySet()) {
				String value = found.fields().get(field.getKey());
				if (!field.getValue().equals(value)) {
					throw new SourceException(SourceException.Kind.REJECTED, this.client.context(this.target, leaf)
							+ ": the statement " + this.target.query() + " also found a log whose " + field.getKey()
							+ " is " + (value == null ? "missing" : "\"" + value + "\"") + ", not \"" + field.getValue()
							+ "\" (CLS matches the value as text): the window cannot hold only the function's logs; "
							+ "give the function a topic of its own, or export the topic with a topic target");
				}
			}
		}
	}

	private boolean differs(Fetched fetched) {
		return !fetched.capped() && fetched.logs().size() != state().leafCount();
	}

	/**
	 * Gives a leaf that outgrew a page back to planning, to be split. Only when none of it was handed on: a restart
	 * inside a leaf keeps reading that leaf, as its position is an offset within it.
	 */
	private boolean replan(MsRange leaf, long count) {
		if (state().offset() > 0) {
			return false;
		}
		this.planner.again(new ClsLeafPlanner.Leaf(leaf, count, false));
		moveTo(state().replanned());
		return true;
	}

	/** CLS found the leaf's query too large: it is split in two, or, one millisecond or restarted within, fails. */
	private void tooLarge(ClsQueryException ex) {
		if (ex.refusal() != ClsQueryException.Refusal.TOO_LARGE) {
			throw ex.fault("the leaf's Context was refused " + CONTEXT_RESTARTS + " times");
		}
		if (state().offset() > 0) {
			throw ex.fault("part of the leaf was archived before a restart, so it cannot be split now");
		}
		if (!this.planner.splitTooLarge(leaf())) {
			throw ex.fault("the leaf is a single millisecond and cannot be split further");
		}
		log.warn("{}: CLS found the query too large; splitting the leaf in two",
				this.client.context(this.target, leafRange()));
		moveTo(state().replanned());
	}

	/** The leaf's logs within its range: one answer, or a paged leaf's Context pages up to the cap. */
	private Fetched fetch(MsRange leaf) {
		if (!state().leafPaged()) {
			ClsPage page = this.client.searchLog(new ClsSearch(this.target, leaf, this.pageSize, null));
			return new Fetched(within(leaf, page.logs()), page.listOver(), false);
		}
		for (int restart = 0;; restart++) {
			try {
				return fetchPages(leaf);
			}
			catch (ClsQueryException ex) {
				if (ex.refusal() != ClsQueryException.Refusal.INVALID_CONTEXT || restart + 1 >= CONTEXT_RESTARTS) {
					throw ex;
				}
				log.warn("{}; fetching the leaf again from its start", ex.getMessage());
			}
		}
	}

	private Fetched fetchPages(MsRange leaf) {
		List<ClsLog> logs = new ArrayList<>();
		String context = null;
		int reached = 0;
		while (true) {
			int limit = Math.min(this.pageSize, CONTEXT_CAP - reached);
			ClsPage page = this.client.searchLog(new ClsSearch(this.target, leaf, limit, context));
			reached += page.logs().size();
			logs.addAll(within(leaf, page.logs()));
			// Checked first: a Context that reached its cap may still say ListOver (the emulator does; the service
			// is unconfirmed), and logs beyond the cap are missed, not drift.
			if (reached >= CONTEXT_CAP) {
				return new Fetched(logs, page.listOver(), true);
			}
			if (page.listOver() || page.logs().isEmpty() || page.context() == null) {
				return new Fetched(logs, true, false);
			}
			context = page.context();
		}
	}

	/** The logs of {@code leaf}'s own range: whatever CLS does at its edges, each log belongs to one leaf. */
	private static List<ClsLog> within(MsRange leaf, List<ClsLog> logs) {
		List<ClsLog> kept = new ArrayList<>(logs.size());
		for (ClsLog log : logs) {
			if (leaf.contains(log.time())) {
				kept.add(log);
			}
		}
		return kept;
	}

	private MsRange leafRange() {
		return new MsRange(state().leafStart(), state().leafEnd());
	}

	private ClsLeafPlanner.Leaf leaf() {
		return new ClsLeafPlanner.Leaf(leafRange(), state().leafCount(), state().leafPaged());
	}

	private ClsHistogram histogram(MsRange range, long interval) {
		return this.client.histogram(this.target, range, interval);
	}

}
