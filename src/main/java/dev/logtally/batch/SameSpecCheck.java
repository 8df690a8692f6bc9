package dev.logtally.batch;

import dev.logtally.jobspec.JobSpec;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Refuses to run a window of a run whose job spec is not this process's: a worker started with another version of the
 * spec file would read other targets, windows or columns than the manager planned. The run's spec is known by the
 * SHA-256 its job parameters hold; in a single process the two are always the same.
 */
final class SameSpecCheck implements StepExecutionListener {

	private final JobSpec spec;

	SameSpecCheck(JobSpec spec) {
		this.spec = spec;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		String run = stepExecution.getJobParameters().getString(ExportParameters.SPEC_SHA256);
		if (run != null && !run.equals(this.spec.sha256())) {
			throw new IllegalStateException("the job spec " + this.spec.file() + " (SHA-256 " + this.spec.sha256()
					+ ") is not the one run " + stepExecution.getJobExecutionId() + " was started with (SHA-256 " + run
					+ "): start every worker with the manager's spec file");
		}
	}

}
