package dev.logtally.jobspec;

import java.time.Duration;
import java.time.Instant;

/**
 * How {@code logtally nightly} runs the job: from where the first run starts, and how long a window must have ended
 * before a nightly run exports it.
 * @param start where the first nightly run starts (later runs start at the job's high-water mark)
 * @param settleDelay a window is exported only once it ended at least this long ago; a source's own settle delay
 *     (SLS) applies too, whichever is longer
 * @param cron when {@code logtally schedule} runs the nightly export, in the spec's zone: a Spring cron expression
 *     with seconds ({@code 0 15 3 * * *})
 */
public record NightlySpec(Instant start, Duration settleDelay, String cron) {

	/** The settle delay when the spec gives none. */
	public static final Duration DEFAULT_SETTLE_DELAY = Duration.ofHours(1);

	/** When {@code logtally schedule} runs when the spec does not say: every night at 03:15. */
	public static final String DEFAULT_CRON = "0 15 3 * * *";

}
