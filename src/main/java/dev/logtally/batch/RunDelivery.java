package dev.logtally.batch;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Whether a run's outcome reached the command that ran it. An execution is marked undelivered as it starts and
 * delivered once {@link ExportLauncher} has its outcome. A process killed in between (after the run manifest was
 * written, even after the execution was saved COMPLETED) leaves a completed execution that is still undelivered: the
 * same command then reports it instead of exporting the range again as a new attempt, so the archive gets neither a
 * second export nor a second run manifest. An execution from before this mark existed counts as delivered.
 */
public final class RunDelivery implements JobExecutionListener {

	static final String UNDELIVERED = "run.undelivered";

	private final JobRepository repository;

	public RunDelivery(JobRepository repository) {
		this.repository = repository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		execution.getExecutionContext().put(UNDELIVERED, Boolean.TRUE);
		this.repository.updateExecutionContext(execution);
	}

	static boolean undelivered(JobExecution execution) {
		return execution.getExecutionContext().containsKey(UNDELIVERED);
	}

	/** Records that the command has the execution's outcome: running the range again is then a new attempt. */
	void delivered(JobExecution execution) {
		if (undelivered(execution)) {
			execution.getExecutionContext().remove(UNDELIVERED);
			this.repository.updateExecutionContext(execution);
		}
	}

}
