package dev.logtally.batch;

import java.util.Map;
import java.util.Optional;

import dev.logtally.http.SourceException;
import dev.logtally.tally.FileSystemFault;
import dev.logtally.tally.Verdict;
import dev.logtally.tally.WindowOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Logs one line per finished window with its counts and verdict (as read: publication comes after), and records why a
 * failed window failed, in words an operator can act on (no stack trace: the cause names source, target and window).
 * A window the run stopped did not fail: it records no failure, and a failure left by an earlier attempt is dropped.
 */
final class WindowLogListener implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		BatchStatus status = stepExecution.getStatus();
		if (status == BatchStatus.STOPPED || status == BatchStatus.STOPPING) {
			stepExecution.getExecutionContext().remove(WindowOutcomeStore.FAILURE);
		}
		else if (status != BatchStatus.COMPLETED) {
			stepExecution.getExecutionContext().putString(WindowOutcomeStore.FAILURE, describe(stepExecution));
		}
		WindowOutcome outcome = WindowOutcomeStore.read(WindowPartition.fromContext(stepExecution.getExecutionContext()),
				stepExecution);
		// The line for people, its facts as key/value pairs for the JSON logs (ignored by the text pattern).
		LoggingEventBuilder event = (outcome.verdict().reconciled() || outcome.verdict() == Verdict.STOPPED
				|| outcome.verdict() == Verdict.NOT_STARTED) ? log.atInfo() : log.atWarn();
		String job = stepExecution.getJobExecution().getJobParameters().getString(ExportParameters.SPEC_NAME);
		if (job != null) {
			event = event.addKeyValue("logtally.job", job);
		}
		event = event.addKeyValue("logtally.run", stepExecution.getJobExecutionId());
		for (Map.Entry<String, Object> field : outcome.fields().entrySet()) {
			event = event.addKeyValue(field.getKey(), field.getValue());
		}
		event.log(outcome.line());
		return null;
	}

	/**
	 * The most specific message among the step's failures: a local disk's fault names the file and what to do, a source
	 * fault names what it was asked, so they win; both end with what to fix when running again alone cannot help.
	 */
	static String describe(StepExecution stepExecution) {
		for (Throwable failure : stepExecution.getFailureExceptions()) {
			Optional<FileSystemFault> disk = FileSystemFault.in(failure, null);
			if (disk.isPresent()) {
				return disk.get().getMessage();
			}
		}
		for (Throwable failure : stepExecution.getFailureExceptions()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof SourceException source) {
					return source.line();
				}
			}
		}
		for (Throwable failure : stepExecution.getFailureExceptions()) {
			Throwable root = failure;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
		}
		return "stopped (" + stepExecution.getStatus() + ")";
	}

}
