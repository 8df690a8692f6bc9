package dev.logtally.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.logtally.reconcile.WindowCounts;
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
 * <p>A reader rather than an {@code ItemProcessor}: the step then skips its processing pass, which was a tenth of a
 * window thread's time (issue 8).
 */
public class DuplicateRecordFilter implements ItemStreamReader<ExportRecord> {

	static final String SECOND = "dedup.second";

	static final String KEYS = "dedup.keys";

	/** The most keys a {@code HashSet} of the default capacity (16, load factor 0.75) holds before its table grows. */
	private static final int SMALL = 12;

	private final ItemStreamReader<ExportRecord> source;

	private long second = Long.MIN_VALUE;

	private Set<String> keys = new HashSet<>();

	private long duplicates;

	public DuplicateRecordFilter(ItemStreamReader<ExportRecord> source) {
		this.source = source;
	}

	@Override
	public @Nullable ExportRecord read() throws Exception {
		ExportRecord record;
		while ((record = this.source.read()) != null) {
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
		}
	}

	@Override
	public void update(ExecutionContext context) {
		this.source.update(context);
		context.putLong(SECOND, this.second);
		context.put(KEYS, new ArrayList<>(this.keys));
		context.putLong(WindowCounts.DUPLICATES, this.duplicates);
	}

	@Override
	public void close() {
		this.source.close();
	}

	public long duplicates() {
		return this.duplicates;
	}

}
