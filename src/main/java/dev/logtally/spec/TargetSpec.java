package dev.logtally.spec;

import org.jspecify.annotations.Nullable;

/**
 * One thing to export from a source: for SCF, one function (in a namespace, optionally one qualifier and RetCode filter).
 * @param id the target's name in the archive path; unique within its source
 * @param function the SCF function name
 * @param namespace the SCF namespace ({@code default} unless set)
 * @param qualifier the version or alias, or {@code null} to let the API choose
 * @param retCode the RetCode filter ({@code is0}, {@code not0}, ...), or {@code null} for every log
 */
public record TargetSpec(String id, String function, String namespace, @Nullable String qualifier,
		@Nullable String retCode) {
}
