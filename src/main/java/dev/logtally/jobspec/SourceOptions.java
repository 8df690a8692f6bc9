package dev.logtally.jobspec;

import java.time.Duration;
import java.util.Optional;

/** What only one kind of source needs to know: a record in the kind's package. */
public interface SourceOptions {

	/**
	 * How long after a window ends before it may be exported, for a source that accepts logs late (SLS): exports and
	 * nightly runs wait at least this long. Empty for a source that does not.
	 */
	default Optional<Duration> minimumSettleDelay() {
		return Optional.empty();
	}

}
