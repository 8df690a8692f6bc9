package dev.logtally.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.logtally.source.WindowItem;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * How far the running export is, for a live display: the windows the run plans (known as it starts), how many of them
 * are done (those an earlier attempt of a resumed run completed included, as it does not run them again), and the
 * records read so far. Updated as the job starts and after every chunk and window; read by the display.
 *
 * <p>A source's count for a window is only final once the window has been read in full (counts arrive per slice or
 * leaf), so no percentage of records is offered: the windows are the honest measure of how far a run is.
 */
public final class RunProgress
		implements JobExecutionListener, ChunkListener<WindowItem, WindowItem>, StepExecutionListener {

	/**
	 * A moment's totals.
	 * @param windowsPlanned the run's windows, or 0 before the run started
	 * @param windowsDoneBefore the windows an earlier attempt of this run completed, which this process does not run
	 */
	public record Snapshot(long read, int windowsPlanned, int windowsDone, int windowsDoneBefore) {
	}

	/** How every window of a starting run stands: not started, or as an earlier attempt of the run left it. */
	private final Function<JobExecution, List<WindowOutcome>> windowsAtStart;

	/** Records read by each window this process runs, by step name. */
	private final Map<String, Long> windows = new ConcurrentHashMap<>();

	private final AtomicLong readBefore = new AtomicLong();

	private final AtomicInteger planned = new AtomicInteger();

	private final AtomicInteger doneBefore = new AtomicInteger();

	private final AtomicInteger done = new AtomicInteger();

	RunProgress(Function<JobExecution, List<WindowOutcome>> windowsAtStart) {
		this.windowsAtStart = windowsAtStart;
	}

	/** The progress of the export runs of {@code spec}, whose windows' states {@code repository} holds. */
	static RunProgress of(JobSpec spec, JobRepository repository) {
		return new RunProgress((execution) -> {
			var parameters = execution.getJobParameters();
			List<WindowPartition> plan = WindowPartition.plan(spec,
					Instant.parse(parameters.getString(ExportParameters.FROM)),
					Instant.parse(parameters.getString(ExportParameters.TO)));
			return new WindowOutcomeStore(repository).read(execution.getJobInstance(), plan);
		});
	}

	public Snapshot snapshot() {
		long read = this.readBefore.get();
		for (long window : this.windows.values()) {
			read += window;
		}
		int before = this.doneBefore.get();
		return new Snapshot(read, this.planned.get(), before + this.done.get(), before);
	}

	/** A run (or the next range of a nightly run) starts: its plan, and what an earlier attempt of it completed. */
	@Override
	public void beforeJob(JobExecution execution) {
		List<WindowOutcome> plan = this.windowsAtStart.apply(execution);
		int completed = 0;
		long read = 0;
		for (WindowOutcome outcome : plan) {
			if (outcome.verdict().done()) {
				completed++;
				read += outcome.counts().read();
			}
		}
		this.windows.clear();
		this.done.set(0);
		this.readBefore.set(read);
		this.doneBefore.set(completed);
		this.planned.set(plan.size());
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
		// A window that failed or stopped is not done: the next run goes on with it.
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			this.done.incrementAndGet();
		}
		return null;
	}

	private void update(StepExecution step) {
		this.windows.put(step.getStepName(), step.getExecutionContext().getLong(WindowCounts.READ, 0L));
	}

}
