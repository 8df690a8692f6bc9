package dev.logtally.batch;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Persists a step's execution context as the step starts.
 *
 * <p>Spring Batch 6.0.4 creates a restarted step execution with an empty context in the database and copies the
 * previous checkpoint only in memory; a process killed before the restarted step's first chunk commit would then lose
 * the checkpoint for good (spring-batch PR #5184). Saving the context up front closes that gap.
 */
final class CheckpointOnStartListener implements StepExecutionListener {

	private final JobRepository repository;

	CheckpointOnStartListener(JobRepository repository) {
		this.repository = repository;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.repository.updateExecutionContext(stepExecution);
	}

}
