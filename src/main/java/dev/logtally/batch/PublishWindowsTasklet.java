package dev.logtally.batch;

import java.util.List;

import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowOutcome;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The run's last step, once every window's partition completed: publishes the windows and records whether all of them
 * reconciled.
 *
 * <p>Publishing is a step of its own, after the partitions, because Spring Batch records a step COMPLETED before its
 * listeners run: a rename done by a partition's listener could be lost to a crash with the partition already marked
 * complete. This step is idempotent and runs again on every restart.
 */
final class PublishWindowsTasklet implements Tasklet {

	/** The exit code of this step when every window was exported but some did not reconcile. */
	static final String UNRECONCILED = "UNRECONCILED";

	/**
	 * The run manifest's key and SHA-256 in the job execution's context, for its report: saved with the execution once
	 * this step ends, and written again by a restart, which runs this step again.
	 */
	static final String RUN_MANIFEST_KEY = "run.manifest.key";

	static final String RUN_MANIFEST_SHA256 = "run.manifest.sha256";

	private final RunPublisher publication;

	PublishWindowsTasklet(RunPublisher publication) {
		this.publication = publication;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = chunkContext.getStepContext().getStepExecution();
		RunPublisher.PublishedRun published = this.publication.publishRun(step.getJobExecution().getJobInstance(),
				step.getJobParameters());
		List<WindowOutcome> outcomes = published.outcomes();
		step.getJobExecution().getExecutionContext().putString(RUN_MANIFEST_KEY, published.runManifest().key());
		step.getJobExecution().getExecutionContext().putString(RUN_MANIFEST_SHA256, published.runManifest().sha256());
		boolean reconciled = outcomes.stream().allMatch((outcome) -> outcome.verdict().reconciled());
		contribution.setExitStatus(reconciled ? ExitStatus.COMPLETED : new ExitStatus(UNRECONCILED));
		return RepeatStatus.FINISHED;
	}

}
