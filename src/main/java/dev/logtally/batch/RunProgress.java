package dev.logtally.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.logtally.reconcile.WindowCounts;
import dev.logtally.source.WindowItem;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * How far the running export is, for a live display: per window, the records read so far and the source's count once
 * it is known, and how many windows finished. Updated after every chunk by the window step; read by the display.
 */
public final class RunProgress implements ChunkListener<WindowItem, WindowItem>, StepExecutionListener {

	/** A moment's totals over every window. */
	public record Snapshot(long read, long expected, int windowsDone, int windowsStarted) {
	}

	private final Map<String, long[]> windows = new ConcurrentHashMap<>();

	private final AtomicInteger done = new AtomicInteger();

	public Snapshot snapshot() {
		long read = 0;
		long expected = 0;
		for (long[] window : this.windows.values()) {
			read += window[0];
			expected += Math.max(window[0], window[1]);
		}
		return new Snapshot(read, expected, this.done.get(), this.windows.size());
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		update(stepExecution);
	}

	@Override
	public void afterChunk(ChunkContext context) {
		update(context.getStepContext().getStepExecution());
	}

	@Override
	public void afterChunk(Chunk<WindowItem> chunk) {
		// The chunk-oriented step of Spring Batch 6 calls this variant: the step is the current one.
		var context = StepSynchronizationManager.getContext();
		if (context != null) {
			update(context.getStepExecution());
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		update(stepExecution);
		this.done.incrementAndGet();
		return null;
	}

	private void update(StepExecution step) {
		var context = step.getExecutionContext();
		long read = context.getLong(WindowCounts.READ, 0L);
		long expected = context.getLong(WindowCounts.EXPECTED, 0L);
		this.windows.put(step.getStepName(), new long[] { read, expected });
	}

}
