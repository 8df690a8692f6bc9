package dev.logtally.batch;

import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.Partitioner;
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
 */
final class WindowSplitter implements StepExecutionSplitter {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

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

}
