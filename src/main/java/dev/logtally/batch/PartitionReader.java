package dev.logtally.batch;

import java.util.function.Function;

import dev.logtally.source.WindowItem;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The window step's reader: when the step opens it with a partition's execution context, it opens a reader of that
 * partition's source, target and window, and hands every call straight to it.
 *
 * <p>The step is one bean that runs many partitions at once, each on a thread of its own that opens, reads, updates
 * and closes the stream, so the partition's reader is held per thread. Not a step-scoped bean: the proxy of one looks
 * its target up in the bean factory and the step scope at every call, once per record, which was 3% to 4% of the warm
 * SCF export's CPU (issue 8).
 */
final class PartitionReader implements ItemStreamReader<WindowItem> {

	private final Function<WindowPartition, ItemStreamReader<WindowItem>> readers;

	private final ThreadLocal<ItemStreamReader<WindowItem>> current = new ThreadLocal<>();

	/** @param readers a new, unopened reader for a partition */
	PartitionReader(Function<WindowPartition, ItemStreamReader<WindowItem>> readers) {
		this.readers = readers;
	}

	@Override
	public void open(ExecutionContext context) {
		if (this.current.get() != null) {
			throw new ItemStreamException("A partition's reader is already open on " + Thread.currentThread().getName()
					+ ": a window step opened twice without closing");
		}
		ItemStreamReader<WindowItem> reader = this.readers.apply(WindowPartition.fromContext(context));
		this.current.set(reader);
		try {
			reader.open(context);
		}
		catch (RuntimeException ex) {
			this.current.remove();
			throw ex;
		}
	}

	@Override
	public @Nullable WindowItem read() throws Exception {
		return reader().read();
	}

	@Override
	public void update(ExecutionContext context) {
		reader().update(context);
	}

	@Override
	public void close() {
		ItemStreamReader<WindowItem> reader = this.current.get();
		if (reader != null) {
			this.current.remove();
			reader.close();
		}
	}

	private ItemStreamReader<WindowItem> reader() {
		ItemStreamReader<WindowItem> reader = this.current.get();
		if (reader == null) {
			throw new ItemStreamException("No partition's reader is open on " + Thread.currentThread().getName()
					+ ": the window step reads only between open and close, on the thread that opened it");
		}
		return reader;
	}

}
