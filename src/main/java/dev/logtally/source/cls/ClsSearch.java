package dev.logtally.source.cls;

import org.jspecify.annotations.Nullable;

/**
 * One {@code SearchLog} request: a target's statement over a range, oldest first.
 * @param limit the most logs the answer holds (1 to 1000)
 * @param context the previous page's {@code Context} when continuing, else {@code null}
 */
public record ClsSearch(ClsTarget target, MsRange range, int limit, @Nullable String context) {
}
