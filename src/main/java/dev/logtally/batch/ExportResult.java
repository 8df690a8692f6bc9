package dev.logtally.batch;

import java.util.List;

import dev.logtally.reconcile.WindowOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * What an export run ended with.
 * @param executionId the job execution, for operators who look in the job repository
 * @param status the job's status (COMPLETED, or FAILED when some window failed)
 * @param outcomes one per planned window, in plan order
 * @param failure why the run failed when no window explains it (for example the archive's disk)
 */
public record ExportResult(long executionId, BatchStatus status, List<WindowOutcome> outcomes,
		@Nullable String failure) {

	public boolean allReconciled() {
		return this.outcomes.stream().allMatch((outcome) -> outcome.verdict().reconciled());
	}

}
