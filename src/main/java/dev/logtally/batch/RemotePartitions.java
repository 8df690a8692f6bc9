package dev.logtally.batch;

import java.util.function.Function;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Windows read by other processes instead of this one: what the export job needs of scale-out. The job asks it for the
 * {@link PartitionHandler} of its partitioned step when the command line registered one; scale-out implements it
 * (over a message broker), so the job knows that its windows may run elsewhere, but not how, and the imports run one
 * way, from scale-out down to the job.
 */
public interface RemotePartitions {

	/**
	 * @param workerStep the step the workers run for each partition
	 * @param groupOf the message group of a partition's step execution: partitions of one group run in one worker
	 */
	PartitionHandler handler(JobRepository repository, String workerStep, int gridSize,
			Function<StepExecution, String> groupOf);

}
