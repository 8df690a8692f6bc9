package dev.logtally.batch;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A job spec's runs in the job repository, and the pruning of those that nothing needs any more.
 *
 * <p>A run is a range of the spec (its name, content hash, {@code [from, to)}) with its attempts: each attempt is a job
 * instance, each restart of it one more execution. A run is finished when its last attempt's last execution is
 * COMPLETED and its outcome was delivered to the command that ran it. Only a whole finished run is pruned, all its
 * attempts with their executions, step executions, contexts and parameters (Spring Batch deletes them, in
 * {@link JobRepository#deleteJobInstance}), because the launcher walks the attempts from the first: pruning only
 * the early ones would make the next command start attempt 1 again instead of resuming a later one that failed.
 *
 * <p>Kept, whatever their age: a run whose last execution is FAILED, STOPPED, STARTED or STOPPING (the same command,
 * or the next nightly run, resumes it from its checkpoints), ABANDONED or UNKNOWN (left as they are for an operator
 * to look at), and a COMPLETED one that was never delivered (the same command reports it instead of exporting the
 * range again). Nightly high-water marks ({@link HighWaterMarks}) and the run reports that {@code status} reads are
 * not in these tables and are not touched. Exporting a pruned range again is a new export of it, attempt 1, whose
 * windows replace the archived ones as new versions, as exporting a completed range again always does.
 */
public final class RunHistory {

	/**
	 * One run of a range.
	 * @param attempts how many job instances (attempts) it has
	 * @param executions how many job executions, all attempts together
	 * @param stepExecutions how many step executions (one per window and attempt, and the job's own steps)
	 * @param ended when its last execution ended; {@code null} while it has not
	 * @param status its last execution's status
	 * @param lastExecutionId its last execution's id, as the run's log lines and reports name it ("run 12")
	 */
	public record Run(Instant from, Instant to, String specSha256, int attempts, int executions, long stepExecutions,
			@Nullable Instant ended, BatchStatus status, long lastExecutionId, boolean finished) {

		/** Whether the run is finished and ended before {@code cutoff}. */
		public boolean prunableBefore(Instant cutoff) {
			return this.finished && this.ended != null && this.ended.isBefore(cutoff);
		}

		/** Why a run that ended before the cutoff is kept, in words for operators; {@code null} for a finished run. */
		public @Nullable String keptBecause() {
			if (this.finished) {
				return null;
			}
			return switch (this.status) {
				case COMPLETED -> "its outcome was never reported; the same command reports it";
				case FAILED, STOPPED, STARTED, STARTING, STOPPING -> "it is " + this.status
						+ "; the same command (or the next nightly run) resumes it";
				default -> "it is " + this.status + "; left for an operator to look at";
			};
		}

	}

	private final JobRepository repository;

	/** The zone Spring Batch stamps execution times in: the JVM's. */
	private final ZoneId zone;

	public RunHistory(JobRepository repository) {
		this(repository, ZoneId.systemDefault());
	}

	RunHistory(JobRepository repository, ZoneId zone) {
		this.repository = repository;
		this.zone = zone;
	}

	/** The spec's runs, oldest range first; a PostgreSQL repository shared by several specs holds others too. */
	public List<Run> runs(String specName) {
		Map<List<String>, List<Attempt>> byRange = new LinkedHashMap<>();
		for (JobInstance instance : this.repository.findJobInstances(ExportJobConfiguration.JOB)) {
			List<JobExecution> executions = this.repository.getJobExecutions(instance);
			if (executions.isEmpty()) {
				continue;
			}
			JobParameters parameters = executions.get(0).getJobParameters();
			if (!specName.equals(parameters.getString(ExportParameters.SPEC_NAME))) {
				continue;
			}
			List<String> range = List.of(Objects.requireNonNullElse(parameters.getString(ExportParameters.SPEC_SHA256),
					""), Objects.requireNonNull(parameters.getString(ExportParameters.FROM)),
					Objects.requireNonNull(parameters.getString(ExportParameters.TO)));
			Long attempt = parameters.getLong(ExportParameters.ATTEMPT);
			byRange.computeIfAbsent(range, (key) -> new ArrayList<>())
				.add(new Attempt(instance, attempt == null ? 1 : attempt, executions));
		}
		List<Run> runs = new ArrayList<>();
		byRange.forEach((range, attempts) -> runs.add(run(range, attempts)));
		runs.sort(Comparator.comparing(Run::from).thenComparing(Run::to).thenComparing(Run::lastExecutionId));
		return runs;
	}

	/**
	 * Deletes a finished run, every attempt of it, from the job repository.
	 * @throws IllegalStateException when the run is not (or no longer) finished
	 */
	public void prune(String specName, Run run) {
		for (JobInstance instance : this.repository.findJobInstances(ExportJobConfiguration.JOB)) {
			List<JobExecution> executions = this.repository.getJobExecutions(instance);
			if (executions.isEmpty()) {
				continue;
			}
			JobParameters parameters = executions.get(0).getJobParameters();
			if (specName.equals(parameters.getString(ExportParameters.SPEC_NAME))
					&& run.specSha256().equals(parameters.getString(ExportParameters.SPEC_SHA256))
					&& run.from().toString().equals(parameters.getString(ExportParameters.FROM))
					&& run.to().toString().equals(parameters.getString(ExportParameters.TO))) {
				this.repository.deleteJobInstance(instance);
			}
		}
	}

	private Run run(List<String> range, List<Attempt> attempts) {
		attempts.sort(Comparator.comparingLong(Attempt::number));
		JobExecution last = attempts.get(attempts.size() - 1).executions()
			.stream()
			.max(Comparator.comparingLong(JobExecution::getId))
			.orElseThrow();
		int executions = 0;
		long steps = 0;
		for (Attempt attempt : attempts) {
			executions += attempt.executions().size();
			for (JobExecution execution : attempt.executions()) {
				steps += execution.getStepExecutions().size();
			}
		}
		LocalDateTime end = last.getEndTime();
		boolean finished = last.getStatus() == BatchStatus.COMPLETED && !RunDelivery.undelivered(last);
		return new Run(Instant.parse(range.get(1)), Instant.parse(range.get(2)), range.get(0), attempts.size(),
				executions, steps, end == null ? null : end.atZone(this.zone).toInstant(), last.getStatus(),
				last.getId(), finished);
	}

	private record Attempt(JobInstance instance, long number, List<JobExecution> executions) {
	}

}
