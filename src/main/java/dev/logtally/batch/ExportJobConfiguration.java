package dev.logtally.batch;

import java.time.Instant;

import dev.logtally.archive.Archive;
import dev.logtally.archive.StagingWriter;
import dev.logtally.source.DuplicateRecordFilter;
import dev.logtally.source.WindowItem;
import dev.logtally.source.LogSource;
import dev.logtally.source.RecordLayout;
import dev.logtally.source.SourceClients;
import dev.logtally.jobspec.Compression;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.window.Window;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The export job: one partition per (source, target, window), each a chunk-oriented step that reads the source,
 * drops duplicates and appends CSV; then a step that publishes the finished windows.
 *
 * <pre>
 * export
 *   exportWindows   (partitioned; a window's partition is "exportWindow:&lt;source&gt;/&lt;target&gt;/&lt;window&gt;";
 *                    if some fail, the others are published and the job fails, to be restarted)
 *   publishWindows  (publishes every window and records whether all reconciled)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class ExportJobConfiguration {

	public static final String JOB = "export";

	static final String WINDOWS_STEP = "exportWindows";

	static final String WINDOW_STEP = "exportWindow";

	static final String PUBLISH_STEP = "publishWindows";

	@Bean
	RunProgress runProgress(JobSpec spec, JobRepository repository) {
		return RunProgress.of(spec, repository);
	}

	@Bean
	RunningExecution runningExecution() {
		return new RunningExecution();
	}

	@Bean
	RunDelivery runDelivery(JobRepository repository) {
		return new RunDelivery(repository);
	}

	@Bean
	Job exportJob(JobRepository repository, Step exportWindows, Step publishWindows,
			RunningExecution runningExecution, RunDelivery runDelivery, RunProgress runProgress) {
		// Plain sequence, not a flow with a transition on failure: Spring Batch abandons a failed step that a flow moves
		// past, and an abandoned partition step is never restarted.
		return new JobBuilder(JOB, repository).listener(runningExecution)
			.listener(runDelivery)
			.listener(new RunStartLog())
			.listener(runProgress)
			.start(exportWindows)
			.next(publishWindows)
			.build();
	}

	/**
	 * The windows, read side by side: in this process, {@code concurrency} at once, or, when the command line registered
	 * {@link RemotePartitions}, by the workers that take them from the broker.
	 */
	@Bean
	Step exportWindows(JobRepository repository, Step exportWindow, Partitioner exportPartitioner, JobSpec spec,
			RunPublisher windowPublication, SourceClients sources, ObjectProvider<RemotePartitions> remote) {
		PartitionStepBuilder windows = new StepBuilder(WINDOWS_STEP, repository)
			.partitioner(WINDOW_STEP, exportPartitioner)
			// Spring Batch's splitter, and a window whose context was lost between two of its transactions gets it back.
			.splitter(new WindowSplitter(repository, WINDOW_STEP, exportPartitioner))
			.step(exportWindow)
			.gridSize(spec.concurrency());
		RemotePartitions workers = remote.getIfAvailable();
		if (workers == null) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("window-");
			executor.setConcurrencyLimit(spec.concurrency());
			windows.taskExecutor(executor);
		}
		else {
			// Partitions of one account go to one worker (a message group), so its rate budget holds as in one process.
			windows.partitionHandler(workers.handler(repository, WINDOW_STEP, spec.concurrency(),
					(partition) -> sources.rateGroup(partition.getExecutionContext().getString(WindowPartition.SOURCE))));
		}
		return windows.listener(new PublishOnFailureListener(windowPublication)).build();
	}

	@Bean
	@JobScope
	Partitioner exportPartitioner(JobSpec spec, @Value("#{jobParameters['from']}") String from,
			@Value("#{jobParameters['to']}") String to) {
		return new WindowPartitioner(WindowPartition.plan(spec, Instant.parse(from), Instant.parse(to)));
	}

	@Bean
	Step exportWindow(JobRepository repository, PlatformTransactionManager transactionManager, JobSpec spec,
			ItemStreamReader<WindowItem> windowReader, StagingWriter windowWriter, RunProgress runProgress,
			Archive archive, SourceClients sources) {
		return new StepBuilder(WINDOW_STEP, repository).<WindowItem, WindowItem>chunk(spec.chunkSize())
			.transactionManager(transactionManager)
			.reader(windowReader)
			.writer(windowWriter)
			.listener(new SameSpecCheck(spec))
			.listener(new CheckpointOnStartListener(repository))
			.listener(new WindowLogListener())
			.listener(new EmptyStagingRemoval(archive, sources))
			.listener((ChunkListener<WindowItem, WindowItem>) runProgress)
			.listener((StepExecutionListener) runProgress)
			.build();
	}

	/** The partition's source decides how its window is read; duplicates are dropped as it is read. */
	@Bean
	ItemStreamReader<WindowItem> windowReader(JobSpec spec, SourceClients sources) {
		return new PartitionReader((partition) -> new DuplicateRecordFilter(sources.source(partition.source())
			.reader(spec.source(partition.source()).orElseThrow().target(partition.target()), partition.window())));
	}

	@Bean
	@StepScope
	StagingWriter windowWriter(Archive archive, SourceClients sources, JobSpec spec,
			@Value("#{stepExecutionContext['partition.source']}") String source,
			@Value("#{stepExecutionContext['partition.target']}") String target,
			@Value("#{stepExecutionContext['partition.start']}") long start,
			@Value("#{stepExecutionContext['partition.end']}") long end) {
		LogSource logSource = sources.source(source);
		RecordLayout layout = logSource.layout();
		// Publication stores an uncompressed CSV as it was staged unless it reads the rows (files they archive).
		boolean publishedAsIs = spec.destination().compression() == Compression.NONE && !logSource.archivesFiles();
		return new StagingWriter(archive.layout().stagingFile(source, target, window(start, end), layout), layout,
				publishedAsIs);
	}

	@Bean
	RunPublisher windowPublication(JobSpec spec, SourceClients sources, Archive archive,
			JobRepository repository, PlatformTransactionManager transactionManager) {
		return new RunPublisher(spec, sources, archive, new WindowOutcomeStore(repository), transactionManager);
	}

	@Bean
	Step publishWindows(JobRepository repository, PlatformTransactionManager transactionManager,
			RunPublisher windowPublication) {
		return new StepBuilder(PUBLISH_STEP, repository)
			.tasklet(new PublishWindowsTasklet(windowPublication), transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	private static Window window(long start, long end) {
		return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
	}

}
