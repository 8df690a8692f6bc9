package dev.logtally.scaleout;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.logtally.batch.RunLock;
import dev.logtally.batch.WindowAbandonment;
import dev.logtally.batch.WindowPartition;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.SessionAwareMessageListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A worker's side of remote partitioning: takes partition requests from the spec's queue and runs each with Spring
 * Batch's {@link StepExecutionRequestHandler}, up to {@code concurrency} at once.
 *
 * <p>One JMS consumer per worker, which hands partitions to a pool of {@code concurrency} threads and takes the next
 * message only when a thread is free. The broker keeps a message group on one consumer, so every partition of one
 * account comes to this worker, and they share this process's rate budget for the account, as in a single process.
 *
 * <p>Each window runs under a lock in the job repository's database, so that no window is ever written by two processes
 * at once.
 */
public final class PartitionWorker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.worker");

	/** How often a message waiting for a free thread checks whether the worker is stopping. */
	private static final Duration ROOM_CHECK = Duration.ofMillis(200);

	private final DefaultMessageListenerContainer listener;

	private final ExecutorService partitions;

	private final Semaphore room;

	private final StepExecutionRequestHandler handler;

	private final String queue;

	private final JobRepository repository;

	private final RunLock locks;

	private volatile boolean closing;

	/**
	 * @param steps the steps a partition request may name
	 * @param repository the job repository shared with the manager
	 * @param locks window locks (with a lease, kept alive while the window runs) in that repository's database
	 */
	public PartitionWorker(WorkerBroker broker, ConnectionFactory connections, StepLocator steps,
			JobRepository repository, RunLock locks, int concurrency) {
		this.repository = repository;
		this.locks = locks;
		this.handler = new StepExecutionRequestHandler();
		this.handler.setJobRepository(repository);
		this.handler.setStepLocator(steps);
		this.queue = broker.queue();
		this.room = new Semaphore(concurrency);
		this.partitions = Executors.newFixedThreadPool(concurrency, new CustomizableThreadFactory("window-"));
		this.listener = new DefaultMessageListenerContainer();
		this.listener.setConnectionFactory(connections);
		this.listener.setDestinationName(broker.queue());
		this.listener.setConcurrentConsumers(1);
		this.listener.setSessionTransacted(true);
		this.listener.setMessageListener((SessionAwareMessageListener<Message>) this::take);
		this.listener.afterPropertiesSet();
	}

	/** Starts taking partitions. */
	public void start() {
		this.listener.start();
		log.info("worker waiting for partitions on queue {}", this.queue);
	}

	/**
	 * Takes one message, in the session's transaction: the message is acknowledged when its window has a thread, so a
	 * worker that dies or stops before that leaves it to the broker to deliver again.
	 */
	private void take(Message message, Session session) throws JMSException {
		PartitionMessage request;
		try {
			if (!(message instanceof TextMessage text)) {
				throw new IllegalArgumentException("a message on queue " + this.queue
						+ " is not a partition request: not a text message");
			}
			request = PartitionMessage.fromJson(text.getText(), this.queue);
		}
		catch (IllegalArgumentException | JMSException ex) {
			// A stray message cannot be run; the manager's wait for its own partitions is unaffected.
			log.error("dropped: {}", ex.getMessage());
			return;
		}
		if (!awaitRoom()) {
			session.rollback();
			return;
		}
		try {
			this.partitions.execute(() -> run(request));
		}
		catch (RuntimeException ex) {
			this.room.release();
			throw ex;
		}
	}

	/** @return whether a thread is free for a window; {@code false} once the worker is stopping */
	private boolean awaitRoom() {
		try {
			while (!this.closing) {
				if (this.room.tryAcquire(ROOM_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
					if (!this.closing) {
						return true;
					}
					this.room.release();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	private void run(PartitionMessage request) {
		try {
			StepExecution partition = this.repository.getStepExecution(request.stepExecution());
			if (partition == null) {
				log.error("dropped: step execution {} is not in the job repository (is this worker's --config the "
						+ "manager's?)", request.stepExecution());
				return;
			}
			if (partition.getStatus() != BatchStatus.STARTING) {
				// Only a window the manager is waiting for runs: one it gave up after its timeout (FAILED), or whose
				// message came again after a worker died with it (STARTED), is the next run's to restart.
				log.warn("step execution {} is {}: its manager no longer waits for it; skipped", partition.getId(),
						partition.getStatus());
				return;
			}
			SimpleLock lock;
			try {
				// One process per window, whatever the manager believes: a manager that gave up on a slow worker
				// restarts its windows while that worker may still be writing them.
				lock = this.locks.acquire(WindowPartition.lockName(partition));
			}
			catch (RunLock.LockHeldException ex) {
				refuse(partition, ex.holder());
				return;
			}
			try {
				StepExecution ended = this.handler.handle(new StepExecutionRequest(request.step(),
						request.stepExecution()));
				log.info("step execution {} ended {}", request.stepExecution(), ended.getStatus());
			}
			finally {
				lock.unlock();
			}
		}
		catch (RuntimeException ex) {
			log.error("step execution {} could not run: {}", request.stepExecution(), ex.getMessage());
		}
		finally {
			this.room.release();
		}
	}

	/** Ends a step execution that another live process is running, with a status the manager reports. */
	private void refuse(StepExecution partition, RunLock.@Nullable Holder holder) {
		String why = "another worker is running this window" + (holder == null ? "" : " (" + holder.owner() + ")")
				+ "; it runs again when the manager's command is run again";
		log.warn("step execution {}: {}", partition.getId(), why);
		WindowAbandonment.fail(this.repository, partition, why);
	}

	/** Stops taking partitions and waits for the running ones to end. */
	@Override
	public void close() throws InterruptedException {
		this.closing = true;
		// Stopped first, so that a message handed back is not received again before the consumer closes.
		this.listener.stop();
		this.listener.shutdown();
		this.partitions.shutdown();
		this.partitions.awaitTermination(1, TimeUnit.HOURS);
	}

}
