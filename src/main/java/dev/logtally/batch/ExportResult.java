package dev.logtally.batch;

import java.util.List;

import dev.logtally.archive.RunEvidence;
import dev.logtally.tally.WindowOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * What an export run ended with.
 * @param executionId the job execution, for operators who look in the job repository
 * @param status the job's status (COMPLETED; FAILED when some window failed or could not be published; STOPPED)
 * @param outcomes one per planned window, in plan order, each with its publication taken into account
 * @param failure why the run failed when no window explains it (for example the archive's disk)
 * @param readByThisRun the outcomes of windows that this run read in full: not those an earlier run of the same range
 *     read, which a resumed run reports again; a window's records are counted once, in the run that read it
 * @param reportedBefore the outcomes of windows whose export was done before this run resumed the range: the earlier
 *     run reported them, and this one reports them again unchanged (a window it only published is not among them)
 * @param evidence what the archive holds of the run: its run manifest, provenance and window manifests
 */
public record ExportResult(long executionId, BatchStatus status, List<WindowOutcome> outcomes,
		@Nullable String failure, List<WindowOutcome> readByThisRun, List<WindowOutcome> reportedBefore,
		RunEvidence evidence) {

	/** Whether every window was read in full and published (a verdict other than MATCHED may still be among them). */
	public boolean allDone() {
		return this.outcomes.stream().allMatch((outcome) -> outcome.verdict().done());
	}

	/** Whether every window MATCHED, and so was published. */
	public boolean allReconciled() {
		return this.outcomes.stream().allMatch((outcome) -> outcome.verdict().reconciled());
	}

}
