package dev.logtally.jobspec;

import java.time.Duration;

/**
 * How a source's reader reads a part of a window again when the source's count of it moved while it was paged, or
 * bytes arrived short (see {@link dev.logtally.source.Rereads}).
 * @param maxAttempts reads of one part, the first included; the count still moving after the last makes the window
 *     MISMATCH
 * @param delay the pause before the first re-read (the spec's {@code wait}), doubled before each further one: logs
 *     that are still arriving get a moment to land
 */
public record RereadSpec(int maxAttempts, Duration delay) {

	public static final RereadSpec DEFAULT = new RereadSpec(3, Duration.ofSeconds(2));

}
