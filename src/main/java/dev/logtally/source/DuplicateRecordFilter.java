package dev.logtally.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.logtally.reconcile.WindowCounts;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * Drops a record whose natural key was already seen in its window, and counts it.
 *
 * <p>Sources page in time order (ascending, or descending for legacy SCF) and a record delivered twice carries the same
 * time, so only the keys of the current second need remembering: memory stays bounded by the busiest second, not the window. Those keys and the count
 * are restart state, so a duplicate that straddles a crash is still dropped.
 */
public class DuplicateRecordFilter implements ItemProcessor<ExportRecord, ExportRecord>, ItemStream {

	static final String SECOND = "dedup.second";

	static final String KEYS = "dedup.keys";

	private long second = Long.MIN_VALUE;

	private Set<String> keys = new HashSet<>();

	private long duplicates;

	@Override
	public @Nullable ExportRecord process(ExportRecord record) {
		if (record.epochSecond() != this.second) {
			this.second = record.epochSecond();
			this.keys = new HashSet<>();
		}
		if (!this.keys.add(record.naturalKey())) {
			this.duplicates++;
			return null;
		}
		return record;
	}

	@Override
	public void open(ExecutionContext context) {
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
		context.putLong(SECOND, this.second);
		context.put(KEYS, new ArrayList<>(this.keys));
		context.putLong(WindowCounts.DUPLICATES, this.duplicates);
	}

	public long duplicates() {
		return this.duplicates;
	}

}
