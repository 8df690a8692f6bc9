package dev.logtally.batch;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads the outcome of every planned window of a run from the job repository: the last execution of each partition,
 * whichever run attempt it belongs to (a restart does not re-run windows that already completed), and whether the
 * window's last publication put it in the archive. This is the one place that decides what a window's verdict is:
 * the table, the reports and the metrics all show what it says.
 *
 * <p>Publication facts are kept in the window's own execution context, next to its counts, because a window that
 * completed is not run again: its last step execution is where the next run finds them. A completed window with no
 * publication recorded (the process died between the two) is not published as far as anyone knows.
 */
final class WindowOutcomeStore {

	static final String FAILURE = "window.failure";

	/** {@code true} once the window's last publication put its objects and manifest in the archive. */
	static final String PUBLISHED = "window.published";

	/** Why the window's last publication failed, in words for operators; absent once it succeeded. */
	static final String PUBLICATION_FAILURE = "window.publicationFailure";

	private final JobRepository repository;

	WindowOutcomeStore(JobRepository repository) {
		this.repository = repository;
	}

	/** What a run says of each planned window: as it was read, and not published unless its publication succeeded. */
	List<WindowOutcome> load(JobInstance instance, List<WindowPartition> plan) {
		List<WindowOutcome> outcomes = new ArrayList<>();
		for (WindowPartition partition : plan) {
			outcomes.add(outcome(partition, last(instance, partition)));
		}
		return outcomes;
	}

	/** How each planned window was read, publication aside: what publication works from. */
	List<WindowOutcome> read(JobInstance instance, List<WindowPartition> plan) {
		List<WindowOutcome> outcomes = new ArrayList<>();
		for (WindowPartition partition : plan) {
			outcomes.add(read(partition, last(instance, partition)));
		}
		return outcomes;
	}

	/**
	 * Records what the last publication of a window came to, in its last step execution.
	 * @param failure why it could not be published, or {@code null} when it was
	 */
	void recordPublication(JobInstance instance, WindowPartition partition, @Nullable String failure) {
		StepExecution last = last(instance, partition);
		if (last == null) {
			throw new IllegalStateException("no step execution of " + partition.name() + " to record its publication");
		}
		ExecutionContext context = last.getExecutionContext();
		if (failure == null) {
			context.putString(PUBLISHED, "true");
			context.remove(PUBLICATION_FAILURE);
		}
		else {
			context.remove(PUBLISHED);
			context.putString(PUBLICATION_FAILURE, failure);
		}
		this.repository.updateExecutionContext(last);
	}

	/** Whether the window's last step ran in job execution {@code executionId}, rather than in an earlier one. */
	boolean ranIn(JobInstance instance, WindowPartition partition, long executionId) {
		StepExecution last = last(instance, partition);
		return last != null && last.getJobExecutionId() == executionId;
	}

	private @Nullable StepExecution last(JobInstance instance, WindowPartition partition) {
		return this.repository.getLastStepExecution(instance,
				ExportJobConfiguration.WINDOW_STEP + ":" + partition.name());
	}

	/** What the run says of the window: as it was read, unless it was read in full and is not known to be published. */
	static WindowOutcome outcome(WindowPartition partition, @Nullable StepExecution execution) {
		WindowOutcome read = read(partition, execution);
		if (execution == null || execution.getStatus() != BatchStatus.COMPLETED) {
			return read;
		}
		ExecutionContext context = execution.getExecutionContext();
		if (context.containsKey(PUBLICATION_FAILURE)) {
			return read.notPublished(context.getString(PUBLICATION_FAILURE));
		}
		if (!context.containsKey(PUBLISHED)) {
			return read.notPublished("no publication of it is recorded");
		}
		return read;
	}

	/**
	 * How the window's step left it. A window the run stopped is STOPPED with its progress so far, or NOT_STARTED when
	 * it kept no record yet; only a window whose step failed is FAILED.
	 */
	static WindowOutcome read(WindowPartition partition, @Nullable StepExecution execution) {
		if (execution == null) {
			return WindowOutcome.notStarted(partition.source(), partition.target(), partition.window());
		}
		ExecutionContext context = execution.getExecutionContext();
		WindowCounts counts = WindowCounts.load(context);
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return WindowOutcome.exported(partition.source(), partition.target(), partition.window(), counts);
		}
		if (status == BatchStatus.STOPPED || status == BatchStatus.STOPPING) {
			return counts.read() == 0 && counts.written() == 0 && counts.files().archived() == 0
					? WindowOutcome.notStarted(partition.source(), partition.target(), partition.window())
					: WindowOutcome.stopped(partition.source(), partition.target(), partition.window(), counts);
		}
		String failure = context.containsKey(FAILURE) ? context.getString(FAILURE)
				: "interrupted (" + execution.getStatus() + ")";
		return WindowOutcome.failed(partition.source(), partition.target(), partition.window(), counts, failure);
	}

}
