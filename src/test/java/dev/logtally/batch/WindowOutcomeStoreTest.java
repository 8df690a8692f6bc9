package dev.logtally.batch;

import java.time.Instant;

import dev.logtally.tally.Verdict;
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
 * What a run says of a window, from what its last step execution holds: the one decision that the table, the reports
 * and the metrics all show.
 */
class WindowOutcomeStoreTest {

	private static final WindowPartition WINDOW = new WindowPartition("scf-test", "fn-a",
			new Window(Instant.parse("2026-10-31T16:00:00Z"), Instant.parse("2026-11-01T16:00:00Z")));

	@Test
	void aCompletedWindowIsItsCountsVerdictOncePublicationRecordedItPublished() {
		StepExecution step = step(BatchStatus.COMPLETED, 120, 120);
		step.getExecutionContext().putString(WindowOutcomeStore.PUBLISHED, "true");

		WindowOutcome outcome = WindowOutcomeStore.outcome(WINDOW, step);

		assertThat(outcome.verdict()).isEqualTo(Verdict.MATCHED);
		assertThat(outcome.failure()).isNull();
	}

	@Test
	void aCompletedWindowWhosePublicationFailedIsNotPublishedWithWhatTheStoreSaidAndItsCounts() {
		StepExecution step = step(BatchStatus.COMPLETED, 120, 120);
		step.getExecutionContext().putString(WindowOutcomeStore.PUBLICATION_FAILURE, "cannot upload part 1: disk full");

		WindowOutcome outcome = WindowOutcomeStore.outcome(WINDOW, step);

		assertThat(outcome.verdict()).isEqualTo(Verdict.NOT_PUBLISHED);
		assertThat(outcome.verdict().reconciled()).isFalse();
		assertThat(outcome.failure()).isEqualTo("cannot upload part 1: disk full");
		assertThat(outcome.counts().written()).isEqualTo(120);
		assertThat(outcome.line()).startsWith("NOT_PUBLISHED scf-test/fn-a [2026-10-31T16:00:00Z, 2026-11-01T16:00:00Z)"
				+ " read MATCHED expected=120 read=120 duplicates=0 written=120 but not published: cannot upload part 1");
	}

	@Test
	void aCompletedWindowWithNoPublicationRecordedIsNotPublishedAsFarAsAnyoneKnows() {
		WindowOutcome outcome = WindowOutcomeStore.outcome(WINDOW, step(BatchStatus.COMPLETED, 120, 120));

		assertThat(outcome.verdict()).isEqualTo(Verdict.NOT_PUBLISHED);
	}

	@Test
	void howAWindowWasReadLeavesPublicationAside() {
		assertThat(WindowOutcomeStore.read(WINDOW, step(BatchStatus.COMPLETED, 120, 120)).verdict())
			.isEqualTo(Verdict.MATCHED);
	}

	@Test
	void aWindowTheRunStoppedWhileItWasReadIsStoppedWithItsProgressNotFailed() {
		StepExecution step = step(BatchStatus.STOPPED, 0, 50);
		// left by an earlier attempt that failed, before this one was stopped
		step.getExecutionContext().putString(WindowOutcomeStore.FAILURE, "source refused");

		WindowOutcome outcome = WindowOutcomeStore.outcome(WINDOW, step);

		assertThat(outcome.verdict()).isEqualTo(Verdict.STOPPED);
		assertThat(outcome.counts().read()).isEqualTo(50);
		assertThat(outcome.failure()).isNull();
		assertThat(outcome.line()).endsWith("read=50 written=50 so far; the same command resumes it");
	}

	@Test
	void aWindowTheRunStoppedBeforeItKeptARecordIsNotStarted() {
		assertThat(WindowOutcomeStore.outcome(WINDOW, step(BatchStatus.STOPPED, 0, 0)).verdict())
			.isEqualTo(Verdict.NOT_STARTED);
	}

	@Test
	void aWindowWithNoStepExecutionIsNotStarted() {
		assertThat(WindowOutcomeStore.outcome(WINDOW, null).verdict()).isEqualTo(Verdict.NOT_STARTED);
	}

	@Test
	void onlyAWindowWhoseStepFailedIsFailedWithWhy() {
		StepExecution step = step(BatchStatus.FAILED, 0, 50);
		step.getExecutionContext().putString(WindowOutcomeStore.FAILURE, "ResourceNotFound.Function");

		WindowOutcome outcome = WindowOutcomeStore.outcome(WINDOW, step);

		assertThat(outcome.verdict()).isEqualTo(Verdict.FAILED);
		assertThat(outcome.failure()).isEqualTo("ResourceNotFound.Function");
	}

	@Test
	void onlyWindowsReadInFullAndPublishedAreDone() {
		assertThat(Verdict.values()).filteredOn(Verdict::done)
			.containsExactly(Verdict.MATCHED, Verdict.MISMATCH, Verdict.TRUNCATED, Verdict.INCOMPLETE);
		assertThat(Verdict.values()).filteredOn(Verdict::reconciled).containsExactly(Verdict.MATCHED);
	}

	/** A window's step execution with the counts its reader and writer committed. */
	private static StepExecution step(BatchStatus status, long expected, long read) {
		JobExecution run = new JobExecution(7, new JobInstance(3, ExportJobConfiguration.JOB), new JobParameters());
		StepExecution step = new StepExecution(11, ExportJobConfiguration.WINDOW_STEP + ":" + WINDOW.name(), run);
		step.setStatus(status);
		step.getExecutionContext().putLong(WindowCounts.EXPECTED, expected);
		step.getExecutionContext().putLong(WindowCounts.READ, read);
		step.getExecutionContext().putLong(WindowCounts.WRITTEN, read);
		return step;
	}

}
