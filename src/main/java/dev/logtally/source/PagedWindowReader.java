package dev.logtally.source;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * What every window reader does around its source's paging, in the manner of Spring Batch's
 * {@code AbstractItemCountingItemStreamItemReader}: the read loop, the page buffer, a pending {@link PartMark}, reading
 * a part again, and the restart state's load and store. A source's reader keeps only its paging: how a window is
 * planned, how the next page is fetched or a part finished, how its entries become records, and how its restart state
 * moves.
 *
 * <p>Each read hands on, in this order: a pending mark; else the next buffered entry, as a record, the state moved past
 * it ({@link #handOn}); else {@code null} once the state is done, again on every later call; else whatever
 * {@link #readMore} made of the next step (a page buffered, a part started or read again), or {@code null} when it
 * finished the window.
 *
 * <p>The restart state {@code S} is an immutable value that the source's reader loads and stores under its own
 * execution-context keys: those keys and their encodings are a compatibility contract with the checkpoints of earlier
 * runs, so they stay with the source and not here.
 * @param <T> what a page holds, before it is handed on as a record
 * @param <S> the restart state: the position in the window and its counts
 */
public abstract class PagedWindowReader<T, S> implements ItemStreamReader<WindowItem> {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	/** Where a part is read again from: its start, or (for a listing read newest first) its end. */
	protected enum From {

		START, END;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Rereads rereads;

	private final Deque<T> page = new ArrayDeque<>();

	private @Nullable S state;

	/** A mark to hand on before anything else. */
	private @Nullable PartMark mark;

	protected PagedWindowReader(Rereads rereads) {
		this.rereads = rereads;
	}

	/**
	 * The restart state a checkpoint holds, with whatever else the reader keeps there (a plan), or {@code null} when
	 * the context holds none: the window has not been read yet.
	 */
	protected abstract @Nullable S restore(ExecutionContext context);

	/** The state of a window not read yet, planning it first if the reader plans. */
	protected abstract S begin();

	/** Called once the state is loaded or begun: to start with a mark, or to set up what depends on the state. */
	protected void opened() {
	}

	/** Stores the state, and whatever else {@link #restore} loads, under the reader's keys. */
	protected abstract void store(S state, ExecutionContext context);

	/** Whether the window has been read to its end: nothing more is read. */
	protected abstract boolean done(S state);

	/** The record a buffered entry is handed on as; moves the state past it. */
	protected abstract ExportRecord handOn(T entry);

	/**
	 * Takes the next step while the page is empty and the window not done: buffers a page, starts or reads a part again,
	 * or finishes a part or the window by moving the state.
	 * @return {@code false} when the window is finished and the read returns {@code null}; {@code true} to read on
	 */
	protected abstract boolean readMore();

	@Override
	public final void open(ExecutionContext context) {
		this.mark = null;
		S restored = restore(context);
		this.state = restored != null ? restored : begin();
		opened();
	}

	@Override
	public final @Nullable WindowItem read() {
		while (true) {
			if (this.mark != null) {
				PartMark next = this.mark;
				this.mark = null;
				return next;
			}
			T next = this.page.poll();
			if (next != null) {
				return handOn(next);
			}
			if (done(state())) {
				return null;
			}
			if (!readMore()) {
				return null;
			}
		}
	}

	@Override
	public final void update(ExecutionContext context) {
		store(state(), context);
	}

	@Override
	public final void close() {
		this.page.clear();
	}

	protected final S state() {
		if (this.state == null) {
			throw new IllegalStateException("the reader is not open");
		}
		return this.state;
	}

	protected final void moveTo(S next) {
		this.state = next;
	}

	protected final Rereads rereads() {
		return this.rereads;
	}

	protected final void buffer(T entry) {
		this.page.add(entry);
	}

	protected final void buffer(Collection<? extends T> entries) {
		this.page.addAll(entries);
	}

	/** Hands on {@link PartMark#START} before anything else: the records after it begin a part. */
	protected final void startPart() {
		this.mark = PartMark.START;
	}

	/**
	 * Takes back what was handed on of the current part and reads it again: says why, pauses before the attempt,
	 * forgets the page, moves the state to the part's start, and hands on {@link PartMark#REREAD}.
	 * @param where the source, target and window read again, as the log line and an interrupted pause name it
	 * @param why what moved, in the operator's words
	 * @param attempt the read of the part about to start (2 for the first read again)
	 * @param restarted the state at the part's start, with the attempt counted
	 */
	protected final void readPartAgain(String where, String why, From from, int attempt, S restarted) {
		log.warn("{}: {}; reading it again from its {} (attempt {} of {})", where, why, from, attempt,
				this.rereads.maxAttempts());
		this.rereads.pauseBefore(attempt, where);
		this.page.clear();
		this.state = restarted;
		this.mark = PartMark.REREAD;
	}

}
