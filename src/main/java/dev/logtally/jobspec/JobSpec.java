package dev.logtally.jobspec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A validated job spec: what to export, from where, to where.
 * @param file the spec file (absolute)
 * @param name the job's name: the lock and the job repository identify runs by it
 * @param zone the zone in which command-line dates are read and windows are aligned
 * @param destination where the archive goes
 * @param chunkSize records per chunk: the unit of commit and of restart
 * @param concurrency partitions run at once
 * @param sources the log sources
 * @param sha256 the hash of the spec file's bytes; part of a run's identity so an edited spec starts afresh
 * @param nightly how {@code logtally nightly} runs the job, or {@code null} if the spec does not say
 * @param signing the key that signs the job's run manifests, or {@code null} when they are not signed
 * @param reports how many of the job's run reports its home keeps
 */
public record JobSpec(Path file, String name, ZoneId zone, DestinationSpec destination, int chunkSize,
		int concurrency, List<SourceSpec> sources, String sha256, @Nullable NightlySpec nightly,
		@Nullable SigningSpec signing, ReportsSpec reports) {

	/**
	 * How long a window must have ended before a nightly run exports it: the spec's {@code nightly.settleDelay}, or
	 * a source's own settle delay where that is longer.
	 */
	public Duration settleDelay() {
		Duration delay = this.nightly == null ? NightlySpec.DEFAULT_SETTLE_DELAY : this.nightly.settleDelay();
		for (SourceSpec source : this.sources) {
			Duration own = source.options().minimumSettleDelay().orElse(Duration.ZERO);
			if (own.compareTo(delay) > 0) {
				delay = own;
			}
		}
		return delay;
	}

	public Optional<SourceSpec> source(String id) {
		return this.sources.stream().filter((source) -> source.id().equals(id)).findFirst();
	}

}
