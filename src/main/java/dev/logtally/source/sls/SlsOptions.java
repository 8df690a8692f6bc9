package dev.logtally.source.sls;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.logtally.jobspec.SourceOptions;
import dev.logtally.jobspec.SpecNode;
import org.jspecify.annotations.Nullable;

/**
 * What only an Alibaba Cloud SLS source needs.
 * @param project the SLS project (the first label of the request host)
 * @param settleDelay how long after a window ends before it may be exported: SLS accepts logs up to 7 days late,
 *     and indexes recent ones within seconds
 * @param incompleteAttempts how many times a query answered {@code Incomplete} is sent again before the window is
 *     INCOMPLETE
 * @param incompleteTime how long a query may keep answering {@code Incomplete}, whatever the attempts
 */
public record SlsOptions(String project, Duration settleDelay, int incompleteAttempts, Duration incompleteTime)
		implements SourceOptions {

	/** Alibaba's rule for project names. */
	private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

	@Override
	public Optional<Duration> minimumSettleDelay() {
		return Optional.of(this.settleDelay);
	}

	/** Reads them from the source's node, reporting each problem on its field; {@code null} when not valid. */
	static @Nullable SlsOptions read(SpecNode source) {
		String project = source.field("project").text(true);
		if (project != null && !PROJECT.matcher(project).matches()) {
			source.field("project").problem("\"" + project + "\" is not an SLS project name "
					+ "(3-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit)");
			project = null;
		}
		Duration settleDelay = source.field("settleDelay").duration(Duration.ofMinutes(15));
		SpecNode incomplete = source.field("incomplete");
		int attempts = 20;
		Duration time = Duration.ofMinutes(5);
		if (!incomplete.isMissing()) {
			if (!incomplete.isObject()) {
				incomplete.problem("must be a mapping with maxAttempts and maxTime");
			}
			else {
				incomplete.rejectUnknownFields(Set.of("maxAttempts", "maxTime"));
				attempts = incomplete.field("maxAttempts").integer(attempts, 1, 1_000);
				time = incomplete.field("maxTime").duration(time);
			}
		}
		return project == null ? null : new SlsOptions(project, settleDelay, attempts, time);
	}

}
