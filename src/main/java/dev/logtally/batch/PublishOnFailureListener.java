package dev.logtally.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * When some windows of a run fail, publishes the ones that completed anyway, so consumers get them now rather than
 * after the failed windows are fixed. The failed windows stay as {@code .part} files; the restart finishes them and
 * publishes everything again (idempotently) in its last step.
 */
final class PublishOnFailureListener implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final RunPublisher publication;

	PublishOnFailureListener(RunPublisher publication) {
		this.publication = publication;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
			try {
				this.publication.publishCompleted(stepExecution.getJobExecution().getJobInstance(),
						stepExecution.getJobParameters());
			}
			catch (RuntimeException ex) {
				log.warn("could not publish the windows that completed: {}", ex.getMessage());
			}
		}
		return null;
	}

}
