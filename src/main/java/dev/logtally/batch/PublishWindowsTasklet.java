package dev.logtally.batch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.WindowManifest;
import dev.logtally.archive.WindowPublisher;
import dev.logtally.reconcile.Verdict;
import dev.logtally.reconcile.WindowOutcome;
import dev.logtally.source.scf.FunctionLogColumns;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.TargetSpec;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The run's last step: publishes every window whose partition completed (data file under its final name, then its
 * manifest) and decides the run's exit status from the verdicts.
 *
 * <p>Publishing is a step of its own, after the partitions, because Spring Batch records a step COMPLETED before its
 * listeners run: a rename done by a partition's listener could be lost to a crash with the partition already marked
 * complete. Here every action is idempotent, and the step runs again on every restart.
 */
final class PublishWindowsTasklet implements Tasklet {

	/** The exit code of this step when some window failed: the job then ends FAILED and can be restarted. */
	static final String WINDOWS_FAILED = "WINDOWS_FAILED";

	/** The exit code when every window was exported but some did not reconcile. */
	static final String UNRECONCILED = "UNRECONCILED";

	private final JobSpec spec;

	private final WindowOutcomes outcomes;

	private final WindowPublisher publisher = new WindowPublisher();

	PublishWindowsTasklet(JobSpec spec, WindowOutcomes outcomes) {
		this.spec = spec;
		this.outcomes = outcomes;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		JobInstance instance = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance();
		JobParameters parameters = chunkContext.getStepContext().getStepExecution().getJobParameters();
		List<WindowPartition> plan = WindowPartition.plan(this.spec,
				Instant.parse(parameters.getString(ExportParameters.FROM)),
				Instant.parse(parameters.getString(ExportParameters.TO)));
		ArchiveLayout layout = new ArchiveLayout(this.spec.destination().root(), this.spec.destination().compression());
		boolean failed = false;
		boolean unreconciled = false;
		for (WindowOutcome outcome : this.outcomes.load(instance, plan)) {
			if (outcome.verdict() == Verdict.FAILED) {
				failed = true;
				continue;
			}
			unreconciled |= !outcome.verdict().reconciled();
			publish(layout, outcome);
		}
		contribution.setExitStatus(failed ? new ExitStatus(WINDOWS_FAILED)
				: unreconciled ? new ExitStatus(UNRECONCILED) : ExitStatus.COMPLETED);
		return RepeatStatus.FINISHED;
	}

	private void publish(ArchiveLayout layout, WindowOutcome outcome) {
		WindowPublisher.PublishedFile file = this.publisher.publishData(
				layout.partFile(outcome.source(), outcome.target(), outcome.window()),
				layout.dataFile(outcome.source(), outcome.target(), outcome.window()));
		SourceSpec source = this.spec.source(outcome.source()).orElseThrow();
		TargetSpec target = source.targets()
			.stream()
			.filter((candidate) -> candidate.id().equals(outcome.target()))
			.findFirst()
			.orElseThrow();
		WindowManifest manifest = new WindowManifest(source.type().specName(), source.timeZone().getId(),
				query(target), file.path().getFileName().toString(),
				this.spec.destination().compression().name().toLowerCase(java.util.Locale.ROOT),
				FunctionLogColumns.HEADER, file.bytes(), file.sha256(), outcome);
		this.publisher.writeManifest(layout.manifestFile(outcome.source(), outcome.target(), outcome.window()),
				manifest.toJson());
	}

	private static Map<String, String> query(TargetSpec target) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("function", target.function());
		query.put("namespace", target.namespace());
		if (target.qualifier() != null) {
			query.put("qualifier", target.qualifier());
		}
		if (target.retCode() != null) {
			query.put("retCode", target.retCode());
		}
		return query;
	}

}
