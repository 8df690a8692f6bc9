package dev.logtally.batch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.logtally.archive.ArchiveLayout;
import dev.logtally.archive.WindowManifest;
import dev.logtally.archive.WindowPublisher;
import dev.logtally.reconcile.Verdict;
import dev.logtally.reconcile.WindowOutcome;
import dev.logtally.source.scf.FunctionLogColumns;
import dev.logtally.spec.JobSpec;
import dev.logtally.spec.SourceSpec;
import dev.logtally.spec.TargetSpec;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Publishes every window of a run whose partition completed: its data file under the final name, then its manifest.
 * Windows that failed stay as {@code .part} files for the restart to continue.
 *
 * <p>Safe to repeat at any time: each action is idempotent, and a window's partition is complete in the job repository
 * before it is published, so a crash during publication loses nothing that the next run will not redo.
 */
final class WindowPublication {

	private final JobSpec spec;

	private final WindowOutcomes outcomes;

	private final ArchiveLayout layout;

	private final WindowPublisher publisher = new WindowPublisher();

	WindowPublication(JobSpec spec, WindowOutcomes outcomes) {
		this.spec = spec;
		this.outcomes = outcomes;
		this.layout = ArchiveLayout.of(spec.destination());
	}

	/** @return the outcome of every planned window, published or not */
	List<WindowOutcome> publishCompleted(JobInstance instance, JobParameters parameters) {
		List<WindowPartition> plan = WindowPartition.plan(this.spec,
				Instant.parse(parameters.getString(ExportParameters.FROM)),
				Instant.parse(parameters.getString(ExportParameters.TO)));
		List<WindowOutcome> all = this.outcomes.load(instance, plan);
		for (WindowOutcome outcome : all) {
			if (outcome.verdict() != Verdict.FAILED) {
				publish(outcome);
			}
		}
		return all;
	}

	private void publish(WindowOutcome outcome) {
		WindowPublisher.PublishedFile file = this.publisher.publishData(
				this.layout.partFile(outcome.source(), outcome.target(), outcome.window()),
				this.layout.dataFile(outcome.source(), outcome.target(), outcome.window()));
		SourceSpec source = this.spec.source(outcome.source()).orElseThrow();
		TargetSpec target = source.target(outcome.target());
		WindowManifest manifest = new WindowManifest(source.type().specName(), source.timeZone().getId(),
				query(target), file.path().getFileName().toString(),
				this.spec.destination().compression().name().toLowerCase(Locale.ROOT), FunctionLogColumns.HEADER,
				file.bytes(), file.sha256(), outcome);
		this.publisher.writeManifest(this.layout.manifestFile(outcome.source(), outcome.target(), outcome.window()),
				manifest.toJson());
	}

	private static Map<String, String> query(TargetSpec target) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("function", target.function());
		query.put("namespace", target.namespace());
		if (target.qualifier() != null) {
			query.put("qualifier", target.qualifier());
		}
		if (target.retCode() != null) {
			query.put("retCode", target.retCode());
		}
		return query;
	}

}
