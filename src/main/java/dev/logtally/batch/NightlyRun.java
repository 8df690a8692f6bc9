package dev.logtally.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.logtally.archive.Provenance;
import dev.logtally.jobspec.JobSpec;
import dev.logtally.jobspec.NightlySpec;
import dev.logtally.jobspec.SourceSpec;
import dev.logtally.tally.WindowOutcome;
import dev.logtally.window.WindowPlanner;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;

/**
 * {@code logtally nightly}: exports from the job's high-water mark up to the last whole window that has settled, so
 * that missed nights are caught up by the next run and late data waits for the night after.
 *
 * <p>The mark moves only over MATCHED windows: it stops at the first window of the range that is not, and the next
 * night exports again from there. A run that did not finish (a failure, or {@code kill -9}) leaves its range pending,
 * and the next nightly run resumes that exact range (so the interrupted execution restarts from its checkpoints)
 * before it goes further. All of this happens under the job's run lock.
 */
public final class NightlyRun {

	private static final Logger log = LoggerFactory.getLogger("dev.logtally.export");

	/**
	 * One range a nightly run exported.
	 * @param resumed whether it was the unfinished range of an earlier nightly run
	 */
	public record Step(Instant from, Instant to, boolean resumed, ExportResult result) {
	}

	/**
	 * What a nightly run did.
	 * @param steps the ranges exported, in order (none when nothing had settled since the mark)
	 * @param mark the high-water mark afterwards
	 * @param settledEnd where the settled part of time ended at this run: windows after it wait for a later night
	 */
	public record Result(List<Step> steps, Instant mark, Instant settledEnd) {
	}

	private final ExportLauncher launcher;

	private final RunLock lock;

	private final HighWaterMarks marks;

	public NightlyRun(ExportLauncher launcher, RunLock lock, HighWaterMarks marks) {
		this.launcher = launcher;
		this.lock = lock;
		this.marks = marks;
	}

	/**
	 * @param now the time of this run
	 * @throws RunLock.LockHeldException when another live run of the spec holds the lock
	 */
	public Result run(JobSpec spec, NightlySpec nightly, Instant now, String requestedBy) throws Exception {
		Instant settled = settledEnd(spec, now);
		SimpleLock held = this.lock.acquire(spec.name());
		try {
			HighWaterMarks.State state = this.marks.load(spec.name())
				.orElse(new HighWaterMarks.State(nightly.start(), null));
			List<Step> steps = new ArrayList<>();
			while (true) {
				boolean resuming = state.pendingTo() != null;
				Instant to = resuming ? state.pendingTo() : settled;
				if (!state.mark().isBefore(to)) {
					break;
				}
				log.info("nightly: {} [{}, {}) from the high-water mark", resuming ? "resuming" : "exporting",
						state.mark(), to);
				this.marks.store(spec.name(), new HighWaterMarks.State(state.mark(), to));
				ExportResult result = this.launcher.runHoldingLock(spec, state.mark(), to,
						new Provenance("nightly", requestedBy, now));
				steps.add(new Step(state.mark(), to, resuming, result));
				if (result.status() != BatchStatus.COMPLETED) {
					// The range stays pending: the next nightly run resumes this execution.
					break;
				}
				Instant mark = firstUnreconciledStart(result.outcomes(), to);
				state = new HighWaterMarks.State(mark, null);
				this.marks.store(spec.name(), state);
				this.launcher.delivered(result);
				if (!resuming || mark.isBefore(to)) {
					break;
				}
			}
			log.info("nightly: high-water mark {}; windows ending after {} wait for their settle delay ({})",
					state.mark(), settled, spec.settleDelay());
			return new Result(steps, state.mark(), settled);
		}
		finally {
			held.unlock();
		}
	}

	/**
	 * The end of the last whole window, of every source, that ended at least the settle delay before {@code now}.
	 */
	public static Instant settledEnd(JobSpec spec, Instant now) {
		return WindowPlanner.commonGridPointAtOrBefore(now.minus(spec.settleDelay()),
				spec.sources().stream().map((source) -> source.grid(spec.zone())).toList());
	}

	private static Instant firstUnreconciledStart(List<WindowOutcome> outcomes, Instant to) {
		return outcomes.stream()
			.filter((outcome) -> !outcome.verdict().reconciled())
			.map((outcome) -> outcome.window().start())
			.min(Instant::compareTo)
			.orElse(to);
	}

}
