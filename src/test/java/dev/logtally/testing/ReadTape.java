package dev.logtally.testing;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.source.ExportRecord;
import dev.logtally.source.PartMark;
import dev.logtally.source.WindowItem;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * What a window's item stream leaves once its part marks are applied, as the staging writer applies them: the model
 * that reader tests compare with, across restarts (one tape for the readers before and after a restart, as the
 * writer's checkpoint keeps where the part started).
 */
public final class ReadTape {

	private final List<ExportRecord> records = new ArrayList<>();

	private int partStart;

	private int rereads;

	public void add(WindowItem item) {
		if (item instanceof ExportRecord record) {
			this.records.add(record);
		}
		else if (item == PartMark.START) {
			this.partStart = this.records.size();
		}
		else {
			this.records.subList(this.partStart, this.records.size()).clear();
			this.rereads++;
		}
	}

	/**
	 * Reads items until the reader ends or {@code limit} records were read.
	 * @return the records read (some may have been taken back since)
	 */
	public int readFrom(ItemStreamReader<WindowItem> reader, int limit) throws Exception {
		int read = 0;
		WindowItem item;
		while (read < limit && (item = reader.read()) != null) {
			add(item);
			read += item instanceof ExportRecord ? 1 : 0;
		}
		return read;
	}

	/** The records that stand. */
	public List<ExportRecord> records() {
		return List.copyOf(this.records);
	}

	/** How many times a part was read again. */
	public int rereads() {
		return this.rereads;
	}

}
