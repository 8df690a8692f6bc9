package dev.logtally.batch;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Ends a window's step execution FAILED from outside its step: a manager that gave up waiting for it, a worker that
 * refused it. The reason is what the run's table and report say of the window, and the next run of the same command
 * restarts it from its checkpoint.
 */
public final class WindowAbandonment {

	private WindowAbandonment() {
	}

	/**
	 * A process still running the window fails at its next checkpoint: this update changes the step execution's
	 * version.
	 */
	public static void fail(JobRepository repository, StepExecution window, String why) {
		window.setStatus(BatchStatus.FAILED);
		window.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
		window.setEndTime(LocalDateTime.now());
		window.getExecutionContext().putString(WindowOutcomeStore.FAILURE, why);
		repository.update(window);
		repository.updateExecutionContext(window);
	}

}
