package dev.logtally.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.tally.WindowCounts;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.Window;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the live display knows of a run: the windows it plans from the start, those done (an earlier attempt's
 * included), and the records read; never the windows started as the total.
 */
class RunProgressTest {

	private static final Instant DAY = Instant.parse("2026-10-31T16:00:00Z");

	private final JobExecution job = new JobExecution(1L, new JobInstance(1L, "export"), new JobParameters());

	private final List<WindowOutcome> atStart = new ArrayList<>();

	private final RunProgress progress = new RunProgress((execution) -> this.atStart);

	@Test
	void theTotalIsThePlannedWindowsFromTheStartNotTheWindowsStarted() {
		for (int day = 0; day < 7; day++) {
			this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(day)));
		}
		this.progress.beforeJob(this.job);
		StepExecution first = window("exportWindow:scf-test/fn-a/0", BatchStatus.COMPLETED, 1_000);
		StepExecution second = window("exportWindow:scf-test/fn-a/1", BatchStatus.STARTED, 250);

		this.progress.beforeStep(first);
		this.progress.afterStep(first);
		this.progress.beforeStep(second);

		assertThat(this.progress.snapshot()).isEqualTo(new RunProgress.Snapshot(1_250, 7, 1, 0));
	}

	@Test
	void aResumedRunCountsTheWindowsAnEarlierAttemptCompletedAsDoneBefore() {
		this.atStart.add(WindowOutcome.exported("scf-test", "fn-a", window(0), counts(400)));
		this.atStart.add(WindowOutcome.exported("scf-test", "fn-a", window(1), counts(600)));
		this.atStart.add(WindowOutcome.stopped("scf-test", "fn-a", window(2), counts(50)));
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(3)));

		this.progress.beforeJob(this.job);
		StepExecution resumed = window("exportWindow:scf-test/fn-a/2", BatchStatus.STARTED, 50);
		this.progress.beforeStep(resumed);

		assertThat(this.progress.snapshot()).isEqualTo(new RunProgress.Snapshot(1_050, 4, 2, 2));
	}

	@Test
	void aWindowThatFailedOrStoppedIsNotDone() {
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(0)));
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(1)));
		this.progress.beforeJob(this.job);

		StepExecution failed = window("exportWindow:scf-test/fn-a/0", BatchStatus.FAILED, 10);
		StepExecution stopped = window("exportWindow:scf-test/fn-a/1", BatchStatus.STOPPED, 20);
		this.progress.afterStep(failed);
		this.progress.afterStep(stopped);

		assertThat(this.progress.snapshot()).isEqualTo(new RunProgress.Snapshot(30, 2, 0, 0));
	}

	@Test
	void theNextRangeOfANightlyRunStartsAfresh() {
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(0)));
		this.progress.beforeJob(this.job);
		StepExecution first = window("exportWindow:scf-test/fn-a/0", BatchStatus.COMPLETED, 100);
		this.progress.beforeStep(first);
		this.progress.afterStep(first);

		this.atStart.clear();
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(1)));
		this.atStart.add(WindowOutcome.notStarted("scf-test", "fn-a", window(2)));
		this.progress.beforeJob(this.job);

		assertThat(this.progress.snapshot()).isEqualTo(new RunProgress.Snapshot(0, 2, 0, 0));
	}

	private StepExecution window(String name, BatchStatus status, long read) {
		StepExecution step = new StepExecution(name, this.job);
		step.setStatus(status);
		step.getExecutionContext().putLong(WindowCounts.READ, read);
		return step;
	}

	private static Window window(int day) {
		return new Window(DAY.plusSeconds(day * 86_400L), DAY.plusSeconds((day + 1) * 86_400L));
	}

	private static WindowCounts counts(long records) {
		return new WindowCounts(records, records, 0, records, 0, 0, 0, WindowCounts.FileCounts.NONE);
	}

}
