package dev.logtally.archive;

import java.time.Instant;

/**
 * Who asked for a run that replaced a window, when and why: recorded in each new version of a window. It comes from
 * the run's job parameters, so a restarted run records the same.
 * @param reason the operator's words ({@code --reason}), or what kind of run it was ({@code export}, {@code nightly})
 * @param requestedBy the operating-system user who started the run
 * @param requestedAt when the run was started
 */
public record Provenance(String reason, String requestedBy, Instant requestedAt) {
}
