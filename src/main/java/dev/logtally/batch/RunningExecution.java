package dev.logtally.batch;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The export execution this process is running, so that a SIGTERM can stop it, and only it (other processes may be
 * running other job specs in the same job repository).
 */
public final class RunningExecution implements JobExecutionListener {

	private final AtomicReference<JobExecution> current = new AtomicReference<>();

	private volatile boolean stopRequested;

	@Override
	public void beforeJob(JobExecution execution) {
		this.current.set(execution);
		if (this.stopRequested) {
			// Asked to stop before it began (or between the ranges of a nightly run): Spring Batch ends it STOPPED
			// before its first step, and it is restarted like any stopped run.
			execution.setStatus(BatchStatus.STOPPING);
		}
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.current.compareAndSet(execution, null);
	}

	/**
	 * Asks the running execution to stop: each window stops after the chunk it is reading is committed, the completed
	 * windows are published, and the execution ends STOPPED, to be restarted by the next run. An execution that starts
	 * later in this process stops at once.
	 * @return whether an execution was running
	 */
	public boolean stop(JobOperator operator) {
		this.stopRequested = true;
		JobExecution execution = this.current.get();
		if (execution == null) {
			return false;
		}
		try {
			return operator.stop(execution);
		}
		catch (JobExecutionNotRunningException ex) {
			return false;
		}
	}

}
