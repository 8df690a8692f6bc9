package dev.logtally.source.scf;

import java.time.Instant;


/**
 * One {@code GetFunctionLogs} page request over a slice {@code [from, to)} of whole seconds, ascending by start time.
 */
public record ScfQuery(ScfTarget target, Instant from, Instant to, int offset, int limit) {
}
