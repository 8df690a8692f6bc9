package dev.logtally.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.logtally.batch.RunProgress;
import dev.logtally.reconcile.WindowCounts;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

/** The live display of an interactive run: records read against the sources' counts, and windows finished. */
class ProgressDisplayTest {

	@Test
	void showsRecordsReadAgainstTheSourcesCountsAndWindowsFinished() {
		RunProgress progress = new RunProgress();
		JobExecution job = new JobExecution(1L, new JobInstance(1L, "export"), new JobParameters());
		StepExecution finished = window(job, "exportWindow:partition0", 1_000, 1_000);
		StepExecution running = window(job, "exportWindow:partition1", 250, 1_000);
		progress.beforeStep(finished);
		progress.afterStep(finished);
		progress.beforeStep(running);
		ByteArrayOutputStream terminal = new ByteArrayOutputStream();

		try (ProgressDisplay display = new ProgressDisplay(progress, new PrintStream(terminal, true,
				StandardCharsets.UTF_8))) {
			display.refresh();
		}

		String shown = terminal.toString(StandardCharsets.UTF_8);
		assertThat(shown).contains("records").contains("62%").contains("1250/2000").contains("1/2 windows done");
		assertThat(progress.snapshot()).isEqualTo(new RunProgress.Snapshot(1_250, 2_000, 1, 2));
	}

	private static StepExecution window(JobExecution job, String name, long read, long expected) {
		StepExecution step = new StepExecution(name, job);
		step.getExecutionContext().putLong(WindowCounts.READ, read);
		step.getExecutionContext().putLong(WindowCounts.EXPECTED, expected);
		return step;
	}

}
