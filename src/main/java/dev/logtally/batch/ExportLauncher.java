package dev.logtally.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.logtally.archive.Archive;
import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.Provenance;
import dev.logtally.archive.RunEvidence;
import dev.logtally.archive.RunManifest;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.tally.WindowOutcome;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Runs an export of a range under the job spec's lock, resuming an interrupted run of the same range instead of
 * starting over.
 *
 * <p>Holding the lock proves that no live process runs this spec, so an execution still marked STARTED was left by a
 * process that died: it is recovered (marked FAILED) and restarted from its last checkpoints. A range that already
 * completed is exported again as the next attempt, overwriting its windows with what the source holds now.
 */
public final class ExportLauncher {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	private final JobOperator operator;

	private final JobRepository repository;

	private final Job job;

	private final RunLock lock;

	private final Archive archive;

	private final RunDelivery delivery;

	public ExportLauncher(JobOperator operator, JobRepository repository, Job job, RunLock lock, Archive archive,
			RunDelivery delivery) {
		this.operator = operator;
		this.repository = repository;
		this.job = job;
		this.lock = lock;
		this.archive = archive;
		this.delivery = delivery;
	}

	/**
	 * @throws RunLock.LockHeldException when another live run of the spec holds the lock
	 */
	public ExportResult run(JobSpec spec, Instant from, Instant to, Provenance provenance) throws Exception {
		SimpleLock held = this.lock.acquire(spec.name());
		try {
			return runHoldingLock(spec, from, to, provenance);
		}
		finally {
			held.unlock();
		}
	}

	/**
	 * Runs {@code [from, to)}: the caller holds the spec's lock (a nightly run holds it across several ranges).
	 */
	ExportResult runHoldingLock(JobSpec spec, Instant from, Instant to, Provenance provenance) throws Exception {
		List<WindowPartition> plan = WindowPartition.plan(spec, from, to);
		abortStaleUploads(spec, plan);
		WindowOutcomeStore windows = new WindowOutcomeStore(this.repository);
		Set<String> doneBefore = new HashSet<>();
		JobExecution execution = launch(ExportParameters.of(spec, from, to, 1, provenance), (instance) -> {
			List<WindowOutcome> earlier = windows.load(instance, plan);
			for (int i = 0; i < plan.size(); i++) {
				if (earlier.get(i).verdict().done()) {
					doneBefore.add(plan.get(i).name());
				}
			}
		});
		List<String> failures = execution.getAllFailureExceptions()
			.stream()
			.map((failure) -> failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage())
			.toList();
		List<WindowOutcome> outcomes = windows.load(execution.getJobInstance(), plan);
		List<WindowOutcome> readByThisRun = new ArrayList<>();
		List<WindowOutcome> reportedBefore = new ArrayList<>();
		for (int i = 0; i < plan.size(); i++) {
			if (outcomes.get(i).verdict().readInFull()
					&& windows.ranIn(execution.getJobInstance(), plan.get(i), execution.getId())) {
				readByThisRun.add(outcomes.get(i));
			}
			if (doneBefore.contains(plan.get(i).name())) {
				reportedBefore.add(outcomes.get(i));
			}
		}
		return new ExportResult(execution.getId(), execution.getStatus(), outcomes,
				failures.isEmpty() ? null : failures.get(0), List.copyOf(readByThisRun), List.copyOf(reportedBefore),
				evidence(execution, outcomes));
	}

	/**
	 * What the archive holds of the run, for its report: the run manifest its last step recorded, and the manifest of
	 * each window it published, read back from the archive. A manifest that cannot be read is left out of the report
	 * with a warning: the run's outcome stands, and {@code verify} is what judges the archive.
	 */
	private RunEvidence evidence(JobExecution execution, List<WindowOutcome> outcomes) {
		ExecutionContext context = execution.getExecutionContext();
		RunManifest.Link runManifest = context.containsKey(PublishWindowsTasklet.RUN_MANIFEST_KEY)
				? new RunManifest.Link(context.getString(PublishWindowsTasklet.RUN_MANIFEST_KEY),
						context.getString(PublishWindowsTasklet.RUN_MANIFEST_SHA256))
				: null;
		List<RunEvidence.PublishedWindow> windows = new ArrayList<>();
		ArchiveLayout layout = this.archive.layout();
		for (WindowOutcome outcome : outcomes) {
			if (!outcome.verdict().done()) {
				continue;
			}
			String key = layout.manifestKey(outcome.source(), outcome.target(), outcome.window());
			try {
				windows.add(RunEvidence.PublishedWindow.read(this.archive.store(), outcome.source(), outcome.target(),
						outcome.window().start(), key));
			}
			catch (RuntimeException ex) {
				log.warn("the run's report leaves out the manifest {}: {}", this.archive.store().describe(key),
						ex.getMessage());
			}
		}
		JobParameters parameters = execution.getJobParameters();
		Long attempt = parameters.getLong(ExportParameters.ATTEMPT);
		return new RunEvidence(runManifest, attempt == null ? 1 : attempt, ExportParameters.provenance(parameters),
				windows);
	}

	/**
	 * Records that the run's outcome was reported (printed, reports and metrics written, or a nightly high-water mark
	 * stored): until then, the same command reports a completed run again instead of exporting its range again.
	 */
	public void delivered(ExportResult result) {
		JobExecution execution = this.repository.getJobExecution(result.executionId());
		if (execution != null) {
			this.delivery.delivered(execution);
		}
	}

	/** @param resuming hears of the job instance whose last execution is about to be restarted, before it is */
	private JobExecution launch(ExportParameters parameters, Consumer<JobInstance> resuming) throws Exception {
		while (true) {
			JobInstance instance = this.repository.getJobInstance(this.job.getName(), parameters.toJobParameters());
			JobExecution last = instance == null ? null : this.repository.getLastJobExecution(instance);
			if (last == null) {
				// RunStartLog names it, once the job repository gave it its id.
				return this.operator.start(this.job, parameters.toJobParameters());
			}
			BatchStatus status = last.getStatus();
			if (status == BatchStatus.COMPLETED && RunDelivery.undelivered(last)) {
				// Published, run manifest written, saved COMPLETED: only its process died before it ended.
				log.info("run {} of {} for [{}, {}) completed, but the process that ran it ended before it reported; "
						+ "reporting it without exporting the range again", last.getId(), parameters.specName(),
						parameters.from(), parameters.to());
				return last;
			}
			if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED || status == BatchStatus.UNKNOWN) {
				parameters = parameters.nextAttempt();
				continue;
			}
			if (status.isRunning()) {
				log.warn("run {} was left {} by a process that is gone; recovering it", last.getId(), status);
				this.operator.recover(last);
			}
			log.info("resuming run {} of {} for [{}, {}) from its last checkpoints, as a new run", last.getId(),
					parameters.specName(), parameters.from(), parameters.to());
			resuming.accept(instance);
			return this.operator.restart(last);
		}
	}

	/**
	 * Aborts the unfinished multipart uploads under the spec's sources that this run will not resume (a later run of
	 * their windows starts new ones): with the lock
	 * held, no live run owns any, and the uploads of this range's own windows are resumed where they stopped.
	 */
	private void abortStaleUploads(JobSpec spec, List<WindowPartition> plan) {
		List<String> prefixes = spec.sources().stream().map((source) -> source.id() + "/").toList();
		Set<String> resumed = new HashSet<>();
		ArchiveLayout layout = this.archive.layout();
		for (WindowPartition window : plan) {
			resumed.add(layout.dataKey(window.source(), window.target(), window.window()));
			resumed.addAll(layout.stagedKeys(layout.archivedFilesPrefix(window.source(), window.target(),
					window.window())));
		}
		for (String aborted : this.archive.store().abortUploads(prefixes, resumed)) {
			// The upload is gone, not its window: the window's next run, of a range that covers it, starts a new one.
			log.warn("aborted the unfinished upload {}: its window is outside this run's range; the next run of that "
					+ "window uploads it again from the start", aborted);
		}
	}

}
