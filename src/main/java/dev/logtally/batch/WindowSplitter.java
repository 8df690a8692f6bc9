package dev.logtally.batch;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.NoSuchStepException;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the export step into its window step executions as Spring Batch's {@link SimpleStepExecutionSplitter} does,
 * then gives back its partition's keys to every window whose saved context lost them.
 *
 * <p>Spring Batch creates a window's step execution and saves its context in two transactions. A process stopped
 * between the two (a full disk, {@code kill -9}) leaves a step execution with an empty context, and every restart
 * copies the last step execution's context: the window would never know its source again, and no run of the range
 * could finish. A context without the keys holds no checkpoint either (a chunk commit saves the keys with the
 * reader's and writer's state), so such a window starts over from the plan, as it would have the first time.
 *
 * <p>A run's first job execution has no earlier step execution to restart from: Spring Batch would still look up
 * every window's last step execution (a query and a transaction each, a third of the planning of a year's backfill)
 * and find none. For that execution, and only when it is the instance's only one and has no window yet, each window
 * is created from the plan directly, the same step execution and context Spring Batch's fresh start saves. Any later
 * execution of the instance (a restart, a rerun) goes through Spring Batch's splitter, which finds each window's last
 * execution and its checkpoint.
 */
final class WindowSplitter implements StepExecutionSplitter {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	/** Where Spring Batch's splitter keeps the grid size in the partitioned step's context, for its restarts. */
	static final String GRID_SIZE = SimpleStepExecutionSplitter.class.getSimpleName() + ".GRID_SIZE";

	/** Spring Batch's, between the step's name and the partition's in a window's step execution name. */
	private static final String SEPARATOR = ":";

	private final SimpleStepExecutionSplitter splitter;

	private final Partitioner partitioner;

	private final JobRepository repository;

	private final String stepName;

	/** @param stepName the window step's name, which prefixes each window's step execution name */
	WindowSplitter(JobRepository repository, String stepName, Partitioner partitioner) {
		this.splitter = new SimpleStepExecutionSplitter(repository, stepName, partitioner);
		this.partitioner = partitioner;
		this.repository = repository;
		this.stepName = stepName;
	}

	@Override
	public String getStepName() {
		return this.stepName;
	}

	@Override
	public Set<StepExecution> split(StepExecution stepExecution, int gridSize) throws JobExecutionException {
		if (isFirstExecution(stepExecution)) {
			return firstSplit(stepExecution, gridSize);
		}
		Set<StepExecution> windows = this.splitter.split(stepExecution, gridSize);
		Map<String, ExecutionContext> plan = null;
		for (StepExecution window : windows) {
			ExecutionContext context = window.getExecutionContext();
			if (context.containsKey(WindowPartition.SOURCE)) {
				continue;
			}
			plan = plan == null ? this.partitioner.partition(gridSize) : plan;
			ExecutionContext planned = plan.get(window.getStepName().substring(this.stepName.length() + 1));
			if (planned == null) {
				throw new JobExecutionException("the step execution " + window.getStepName()
						+ " has no saved context and no window of the run's plan has its name");
			}
			planned.entrySet().forEach((entry) -> context.put(entry.getKey(), entry.getValue()));
			this.repository.updateExecutionContext(window);
			log.warn("{}: its step execution was saved without its window (the process stopped in between); "
					+ "it starts from the beginning", window.getStepName());
		}
		return windows;
	}

	/**
	 * Whether no window of the job instance can have a step execution yet. Windows are created only by a split of the
	 * partitioned step, in its own job execution, so none exists before when the partitioned step has no other
	 * execution in the instance than this one (saved before it runs, so it counts one) and has not split yet in this
	 * job execution. One count, not a look-up a window.
	 */
	private boolean isFirstExecution(StepExecution manager) throws JobExecutionException {
		JobExecution jobExecution = manager.getJobExecution();
		String prefix = this.stepName + SEPARATOR;
		if (jobExecution.getStepExecutions().stream().anyMatch((step) -> step.getStepName().startsWith(prefix))) {
			return false;
		}
		try {
			return this.repository.getStepExecutionCount(jobExecution.getJobInstance(), manager.getStepName()) <= 1;
		}
		catch (NoSuchStepException ex) {
			throw new JobExecutionException("cannot count the executions of " + manager.getStepName(), ex);
		}
	}

	/** Spring Batch's fresh start for every window, without asking the repository for a last execution it has not. */
	private Set<StepExecution> firstSplit(StepExecution stepExecution, int gridSize) {
		ExecutionContext managerContext = stepExecution.getExecutionContext();
		managerContext.putLong(GRID_SIZE, managerContext.getLong(GRID_SIZE, gridSize));
		if (managerContext.isDirty()) {
			this.repository.updateExecutionContext(stepExecution);
		}
		Map<String, ExecutionContext> plan = this.partitioner.partition(gridSize);
		Set<StepExecution> windows = new LinkedHashSet<>(plan.size() * 2);
		for (Map.Entry<String, ExecutionContext> window : plan.entrySet()) {
			StepExecution execution = this.repository.createStepExecution(
					this.stepName + SEPARATOR + window.getKey(),
					stepExecution.getJobExecution());
			execution.setExecutionContext(window.getValue());
			this.repository.updateExecutionContext(execution);
			windows.add(execution);
		}
		return windows;
	}

}
