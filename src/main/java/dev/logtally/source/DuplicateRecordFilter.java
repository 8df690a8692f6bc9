package dev.logtally.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.logtally.tally.WindowCounts;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a window through its source's reader and drops a record whose natural key was already seen in the window,
 * counting it.
 *
 * <p>Sources page in time order (ascending, or descending for legacy SCF) and a record delivered twice carries the same
 * time, so only the keys of the current second need remembering: memory stays bounded by the busiest second, not the
 * window. Those keys and the count are restart state, saved with the source reader's at every chunk, so a duplicate
 * that straddles a crash is still dropped.
 *
 * <p>A part the source's reader reads again ({@link PartMark#REREAD}) takes back the duplicates it dropped: the count
 * returns to what it was when the part started ({@value #PART_DUPLICATES}), and no key is remembered, because no record
 * before a part shares a second with it ({@link PartMark}). Marks are handed on to the writer, which takes back the
 * part's records.
 *
 * <p>A reader rather than an {@code ItemProcessor}: the step then skips its processing pass, which was a tenth of a
 * window thread's time (issue 8).
 */
public class DuplicateRecordFilter implements ItemStreamReader<WindowItem> {

	static final String SECOND = "dedup.second";

	static final String KEYS = "dedup.keys";

	/** Duplicates dropped before the current part started: what a re-read of the part returns to. */
	static final String PART_DUPLICATES = "dedup.partDuplicates";

	/** The most keys a {@code HashSet} of the default capacity (16, load factor 0.75) holds before its table grows. */
	private static final int SMALL = 12;

	private final ItemStreamReader<WindowItem> source;

	private long second = Long.MIN_VALUE;

	private Set<String> keys = new HashSet<>();

	private long duplicates;

	private long partDuplicates;

	public DuplicateRecordFilter(ItemStreamReader<WindowItem> source) {
		this.source = source;
	}

	@Override
	public @Nullable WindowItem read() throws Exception {
		WindowItem item;
		while ((item = this.source.read()) != null) {
			if (!(item instanceof ExportRecord record)) {
				part((PartMark) item);
				return item;
			}
			if (record.epochSecond() != this.second) {
				this.second = record.epochSecond();
				nextSecond();
			}
			if (this.keys.add(record.naturalKey())) {
				return record;
			}
			this.duplicates++;
		}
		return null;
	}

	private void part(PartMark mark) {
		if (mark == PartMark.REREAD) {
			this.duplicates = this.partDuplicates;
			this.second = Long.MIN_VALUE;
			this.keys = new HashSet<>();
		}
		this.partDuplicates = this.duplicates;
	}

	/**
	 * Forgets the last second's keys. A set that never held more than {@value #SMALL} keys still has a hash table of
	 * the default size and is cleared for reuse: when every log has a second of its own (SCF pages, often), a new set
	 * per log was a set, a map and a table of garbage per record. A set that grew is dropped, so that one busy second
	 * does not make every later clear sweep its large table.
	 */
	private void nextSecond() {
		if (this.keys.size() <= SMALL) {
			this.keys.clear();
		}
		else {
			this.keys = new HashSet<>();
		}
	}

	@Override
	public void open(ExecutionContext context) {
		this.source.open(context);
		if (context.containsKey(SECOND)) {
			this.second = context.getLong(SECOND);
			@SuppressWarnings("unchecked")
			List<String> stored = (List<String>) context.get(KEYS);
			this.keys = new HashSet<>(stored);
			this.duplicates = context.getLong(WindowCounts.DUPLICATES);
			// Absent in a checkpoint from before parts were read again: its reader never reads one again either.
			this.partDuplicates = context.getLong(PART_DUPLICATES, 0);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		this.source.update(context);
		context.putLong(SECOND, this.second);
		context.put(KEYS, new ArrayList<>(this.keys));
		context.putLong(WindowCounts.DUPLICATES, this.duplicates);
		context.putLong(PART_DUPLICATES, this.partDuplicates);
	}

	@Override
	public void close() {
		this.source.close();
	}

	public long duplicates() {
		return this.duplicates;
	}

}
