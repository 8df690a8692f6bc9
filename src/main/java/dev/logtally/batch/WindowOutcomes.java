package dev.logtally.batch;

import java.util.ArrayList;
import java.util.List;

import dev.logtally.reconcile.WindowCounts;
import dev.logtally.reconcile.WindowOutcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads the outcome of every planned window of a run from the job repository: the last execution of each partition,
 * whichever run attempt it belongs to (a restart does not re-run windows that already completed).
 */
final class WindowOutcomes {

	static final String FAILURE = "window.failure";

	private final JobRepository repository;

	WindowOutcomes(JobRepository repository) {
		this.repository = repository;
	}

	List<WindowOutcome> load(JobInstance instance, List<WindowPartition> plan) {
		List<WindowOutcome> outcomes = new ArrayList<>();
		for (WindowPartition partition : plan) {
			StepExecution last = this.repository.getLastStepExecution(instance,
					ExportJobConfiguration.WINDOW_STEP + ":" + partition.name());
			outcomes.add(outcome(partition, last));
		}
		return outcomes;
	}

	static WindowOutcome outcome(WindowPartition partition, StepExecution execution) {
		if (execution == null) {
			return WindowOutcome.failed(partition.source(), partition.target(), partition.window(), WindowCounts.NONE,
					"not started");
		}
		ExecutionContext context = execution.getExecutionContext();
		WindowCounts counts = WindowCounts.load(context);
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return WindowOutcome.exported(partition.source(), partition.target(), partition.window(), counts);
		}
		String failure = context.containsKey(FAILURE) ? context.getString(FAILURE)
				: "interrupted (" + execution.getStatus() + ")";
		return WindowOutcome.failed(partition.source(), partition.target(), partition.window(), counts, failure);
	}

}
