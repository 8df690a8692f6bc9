package dev.logtally.batch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.logtally.repository.SchemaMigration;
import dev.logtally.window.Window;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the export step is split into its windows on a real job repository (an H2 file, logtally's schema): a first
 * run creates each window from the plan without asking for last executions it cannot have, and every later
 * execution of the same run still finds each window's last execution and its checkpoint.
 */
class WindowSplitterTest {

	private static final String MANAGER = "exportWindows";

	private static final String WINDOW = "exportWindow";

	private static final List<WindowPartition> PLAN = List.of(
			new WindowPartition("scf-test", "fn-a", day("2026-10-30T16:00:00Z")),
			new WindowPartition("scf-test", "fn-a", day("2026-10-31T16:00:00Z")),
			new WindowPartition("scf-test", "fn-b", day("2026-10-30T16:00:00Z")));

	@TempDir
	Path dir;

	private JobRepository repository;

	private final AtomicInteger lastStepLookups = new AtomicInteger();

	@BeforeEach
	void repository() throws Exception {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:file:" + this.dir.resolve("repository") + ";WRITE_DELAY=0");
		database.setUser("sa");
		new SchemaMigration().migrate(Flyway.configure().dataSource(database).locations("classpath:db/logtally/h2").load());
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(database);
		factory.setTransactionManager(new JdbcTransactionManager(database));
		factory.afterPropertiesSet();
		JobRepository real = factory.getObject();
		// Counts the lookups the first run's shortcut leaves out, and passes everything to the real repository.
		this.repository = (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { JobRepository.class }, (proxy, method, args) -> {
					if (method.getName().equals("getLastStepExecution")) {
						this.lastStepLookups.incrementAndGet();
					}
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@Test
	void aFirstRunSavesEveryWindowWithItsPlannedContextWithoutLookingUpLastExecutions() throws Exception {
		JobInstance run = this.repository.createJobInstance("export", parameters());
		StepExecution manager = managerOf(execution(run));

		Set<StepExecution> windows = splitter().split(manager, 1);

		assertThat(this.lastStepLookups).hasValue(0);
		assertThat(names(windows)).containsExactlyInAnyOrderElementsOf(
				PLAN.stream().map((window) -> WINDOW + ":" + window.name()).toList());
		for (StepExecution window : windows) {
			// As saved, not as held in memory: what a restart will read.
			StepExecution saved = this.repository.getStepExecution(window.getId());
			assertThat(saved.getExecutionContext().getString(WindowPartition.TARGET))
				.isEqualTo(window.getStepName().contains("fn-b") ? "fn-b" : "fn-a");
			assertThat(saved.getStatus()).isEqualTo(BatchStatus.STARTING);
		}
		assertThat(this.repository.getStepExecution(manager.getId()).getExecutionContext()
			.getLong(WindowSplitter.GRID_SIZE)).isEqualTo(1);
	}

	@Test
	void aRestartTakesSpringBatchsWayAndResumesEachUnfinishedWindowFromItsCheckpointAndSkipsFinishedOnes()
			throws Exception {
		JobInstance run = this.repository.createJobInstance("export", parameters());
		JobExecution first = execution(run);
		Map<String, StepExecution> windows = splitter().split(managerOf(first), 1)
			.stream()
			.collect(Collectors.toMap(StepExecution::getStepName, (step) -> step));
		StepExecution finished = windows.get(WINDOW + ":" + PLAN.get(0).name());
		finish(finished, BatchStatus.COMPLETED);
		StepExecution killed = windows.get(WINDOW + ":" + PLAN.get(1).name());
		killed.getExecutionContext().putLong("reader.offset", 4_000);
		this.repository.updateExecutionContext(killed);
		finish(killed, BatchStatus.FAILED);
		finish(windows.get(WINDOW + ":" + PLAN.get(2).name()), BatchStatus.FAILED);
		first.setStatus(BatchStatus.FAILED);
		first.setEndTime(LocalDateTime.now());
		this.repository.update(first);
		this.lastStepLookups.set(0);

		Set<StepExecution> resumed = splitter().split(managerOf(execution(run)), 1);

		assertThat(this.lastStepLookups).hasValue(PLAN.size());
		assertThat(names(resumed)).containsExactlyInAnyOrder(WINDOW + ":" + PLAN.get(1).name(),
				WINDOW + ":" + PLAN.get(2).name());
		StepExecution again = resumed.stream()
			.filter((step) -> step.getStepName().equals(killed.getStepName()))
			.findFirst()
			.orElseThrow();
		assertThat(again.getId()).isNotEqualTo(killed.getId());
		assertThat(this.repository.getStepExecution(again.getId()).getExecutionContext().getLong("reader.offset"))
			.isEqualTo(4_000);
	}

	@Test
	void aRestartGivesAWindowSavedWithoutItsContextItsPlanBack() throws Exception {
		JobInstance run = this.repository.createJobInstance("export", parameters());
		JobExecution first = execution(run);
		StepExecution manager = managerOf(first);
		// As a kill between Spring Batch's two transactions leaves a window: created, its context never saved.
		StepExecution bare = this.repository.createStepExecution(WINDOW + ":" + PLAN.get(0).name(), first);
		finish(bare, BatchStatus.FAILED);
		finish(manager, BatchStatus.FAILED);
		first.setStatus(BatchStatus.FAILED);
		first.setEndTime(LocalDateTime.now());
		this.repository.update(first);

		Set<StepExecution> resumed = splitter().split(managerOf(execution(run)), 1);

		StepExecution window = resumed.stream()
			.filter((step) -> step.getStepName().equals(bare.getStepName()))
			.findFirst()
			.orElseThrow();
		assertThat(this.repository.getStepExecution(window.getId()).getExecutionContext()
			.getString(WindowPartition.TARGET)).isEqualTo("fn-a");
	}

	private WindowSplitter splitter() {
		return new WindowSplitter(this.repository, WINDOW, new WindowPartitioner(PLAN));
	}

	private JobExecution execution(JobInstance run) {
		JobExecution execution = this.repository.createJobExecution(run, parameters(), new ExecutionContext());
		execution.setStartTime(LocalDateTime.now());
		execution.setStatus(BatchStatus.STARTED);
		this.repository.update(execution);
		return execution;
	}

	private StepExecution managerOf(JobExecution execution) {
		StepExecution manager = this.repository.createStepExecution(MANAGER, execution);
		manager.setStartTime(LocalDateTime.now());
		manager.setStatus(BatchStatus.STARTED);
		this.repository.update(manager);
		return manager;
	}

	private void finish(StepExecution step, BatchStatus status) {
		step.setStartTime(LocalDateTime.now());
		step.setStatus(status);
		step.setEndTime(LocalDateTime.now());
		this.repository.update(step);
	}

	private static JobParameters parameters() {
		return new JobParametersBuilder().addString("from", "2026-10-30T16:00:00Z")
			.addString("to", "2026-11-01T16:00:00Z")
			.toJobParameters();
	}

	private static List<String> names(Set<StepExecution> steps) {
		return steps.stream().map(StepExecution::getStepName).toList();
	}

	private static Window day(String start) {
		Instant from = Instant.parse(start);
		return new Window(from, from.plusSeconds(86_400));
	}

}
