package dev.logtally.scaleout;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.logtally.batch.RemotePartitions;
import dev.logtally.batch.WindowAbandonment;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.TextMessage;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.messaging.MessagingException;

/**
 * The manager's side of remote partitioning: Spring Batch's {@link MessageChannelPartitionHandler} hands each
 * partition's step execution to the broker's queue, and learns how the partitions ended by polling the shared job
 * repository, not from replies, so that a worker that dies leaves nothing to wait for but its step execution's status.
 * The export job asks for it as its {@link RemotePartitions}.
 *
 * @param broker where the partitions go
 * @param connections the broker's connection factory
 * @param timeout how long the manager waits for all partitions before it fails the step; the partitions still running
 *     are restarted by the next run
 */
public record RemoteWorkers(WorkerBroker broker, ConnectionFactory connections, Duration timeout)
		implements RemotePartitions {

	/** How often the manager reads the partitions' statuses from the job repository. */
	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	@Override
	public PartitionHandler handler(JobRepository repository, String workerStep, int gridSize,
			Function<StepExecution, String> groupOf) {
		JmsTemplate jms = new JmsTemplate(this.connections);
		DirectChannel requests = new DirectChannel();
		requests.subscribe((message) -> {
			StepExecutionRequest request = (StepExecutionRequest) message.getPayload();
			StepExecution partition = repository.getStepExecution(request.getStepExecutionId());
			String group = groupOf.apply(partition);
			String json = new PartitionMessage(request.getStepName(), request.getStepExecutionId()).toJson();
			jms.send(this.broker.queue(), (session) -> {
				TextMessage sent = session.createTextMessage(json);
				sent.setStringProperty(PartitionMessage.GROUP_PROPERTY, group);
				return sent;
			});
		});
		MessagingTemplate template = new MessagingTemplate();
		template.setDefaultChannel(requests);
		MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
		handler.setStepName(workerStep);
		handler.setGridSize(gridSize);
		handler.setMessagingOperations(template);
		handler.setJobRepository(repository);
		handler.setPollInterval(POLL_INTERVAL.toMillis());
		handler.setTimeout(this.timeout.toMillis());
		try {
			// Given a job repository, it polls it instead of waiting for replies.
			handler.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot set up the remote partition handler: " + ex.getMessage(), ex);
		}
		return (stepSplitter, managerStepExecution) -> {
			try {
				return handler.handle(stepSplitter, managerStepExecution);
			}
			catch (TimeoutException ex) {
				abandonRunning(repository, managerStepExecution, workerStep, "abandoned: no worker finished it within "
						+ "the worker timeout (" + this.timeout + "); the next run of the same command resumes it");
				throw new TimeoutException("the workers did not finish every window within the worker timeout ("
						+ this.timeout + "); the windows still running or waiting run again when the same command "
						+ "is run again");
			}
			catch (MessagingException ex) {
				// The windows created but not sent would otherwise stay marked waiting, and block the restart.
				String why = "cannot hand the windows to the workers through the broker " + this.broker.url() + ": "
						+ NestedExceptionUtils.getMostSpecificCause(ex).getMessage();
				abandonRunning(repository, managerStepExecution, workerStep,
						"not run: " + why + "; the next run of the same command runs it");
				throw new IllegalStateException(why, ex);
			}
		};
	}

	/**
	 * Marks the partitions still running or waiting FAILED, so that the next run restarts them from their checkpoints
	 * (Spring Batch refuses to restart a job while any of its step executions is marked running).
	 */
	private static void abandonRunning(JobRepository repository, StepExecution manager, String workerStep,
			String why) {
		JobExecution job = repository.getJobExecution(manager.getJobExecutionId());
		for (StepExecution partition : job.getStepExecutions()) {
			if (!partition.getStepName().startsWith(workerStep + ":")) {
				continue;
			}
			StepExecution current = partition;
			for (int attempt = 1; current.getStatus().isRunning(); attempt++) {
				try {
					WindowAbandonment.fail(repository, current, why);
				}
				catch (OptimisticLockingFailureException ex) {
					if (attempt == 3) {
						throw ex;
					}
					// A worker committed a chunk since it was read: fail it with that checkpoint instead.
					current = repository.getStepExecution(current.getId());
				}
			}
		}
	}

}
